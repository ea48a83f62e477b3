import Stats
import Testing

/// `/metrics`: the names are an interface (README "Metrics"); the format is Prometheus
/// text 0.0.4. The integration tests also parse it with prometheus_client.
@Suite struct PrometheusTextTests {
    /// Every metric family drover exposes, with its type. README lists the same names.
    static let families: [(String, String)] = [
        ("drover_info", "gauge"), ("drover_uptime_seconds", "gauge"), ("drover_workers", "gauge"),
        ("drover_config_generation", "gauge"), ("drover_config_reloads_total", "counter"),
        ("drover_config_last_reload_success", "gauge"),
        ("drover_pool_clients", "gauge"), ("drover_pool_connections_received_total", "counter"),
        ("drover_pool_connections_rejected_total", "counter"),
        ("drover_pool_output_limit_disconnects_total", "counter"), ("drover_pool_idle_disconnects_total", "counter"),
        ("drover_pool_protocol_errors_total", "counter"), ("drover_pool_auth_failures_total", "counter"),
        ("drover_pool_requests_total", "counter"),
        ("drover_pool_errors_total", "counter"),
        ("drover_server_up", "gauge"), ("drover_server_connections", "gauge"),
        ("drover_server_requests_total", "counter"), ("drover_server_errors_total", "counter"),
        ("drover_server_timeouts_total", "counter"), ("drover_server_ejections_total", "counter"),
        ("drover_server_latency_seconds", "histogram"),
    ]

    @Test func everyFamilyHasHelpAndType() {
        let text = StatsFixture.snapshot().prometheusText()
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
            .map { $0.split(separator: " ").dropFirst(2).map(String.init) }
        #expect(types.map { $0[0] } == Self.families.map(\.0))
        #expect(types.map { $0[1] } == Self.families.map(\.1))
        for (name, _) in Self.families { #expect(text.contains("# HELP \(name) ")) }
        #expect(text.hasSuffix("\n"))
    }

    @Test func samples() {
        let lines = Set(StatsFixture.snapshot().prometheusText().split(separator: "\n").map(String.init))
        let expected = [
            "drover_info{version=\"1.2.3\"} 1",
            "drover_config_generation 3",
            "drover_config_reloads_total{result=\"ok\"} 2",
            "drover_config_reloads_total{result=\"failed\"} 1",
            "drover_pool_requests_total{pool=\"cache\"} 150",
            "drover_pool_requests_total{pool=\"sessions\"} 0",
            "drover_pool_clients{pool=\"cache\"} 3",
            "drover_server_requests_total{pool=\"cache\",shard=\"s1\",address=\"127.0.0.1:7001\"} 100",
            "drover_server_up{pool=\"cache\",shard=\"s,2\",address=\"127.0.0.1:7002\"} 0",
            "drover_server_timeouts_total{pool=\"cache\",shard=\"s,2\",address=\"127.0.0.1:7002\"} 3",
            "drover_server_latency_seconds_bucket{pool=\"cache\",shard=\"s1\",address=\"127.0.0.1:7001\",le=\"0.000065536\"} 0",
            "drover_server_latency_seconds_bucket{pool=\"cache\",shard=\"s1\",address=\"127.0.0.1:7001\",le=\"0.000131072\"} 100",
            "drover_server_latency_seconds_bucket{pool=\"cache\",shard=\"s1\",address=\"127.0.0.1:7001\",le=\"8.589934592\"} 100",
            "drover_server_latency_seconds_bucket{pool=\"cache\",shard=\"s1\",address=\"127.0.0.1:7001\",le=\"+Inf\"} 100",
            "drover_server_latency_seconds_sum{pool=\"cache\",shard=\"s1\",address=\"127.0.0.1:7001\"} 0.01",
            "drover_server_latency_seconds_count{pool=\"cache\",shard=\"s1\",address=\"127.0.0.1:7001\"} 100",
        ]
        for line in expected { #expect(lines.contains(line), "missing: \(line)") }
    }

    @Test func labelValuesAreEscaped() {
        let gauge = ClientGauge()
        let sources = StatsSources(pools: [.init(name: "a\"b\\c\nd", listen: "x", clients: gauge,
                                                 counters: [PoolCounters()], servers: [])])
        let text = sources.collect(process: StatsFixture.process).prometheusText()
        #expect(text.contains("drover_pool_clients{pool=\"a\\\"b\\\\c\\nd\"} 0\n"))
    }
}
