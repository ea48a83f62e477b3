extension StatsSnapshot {
    /// The metrics in Prometheus's text exposition format (version 0.0.4), served at
    /// `GET /metrics`. The names are an interface: README's "Metrics" section lists them
    /// and a test checks this output against it.
    public func prometheusText() -> String {
        var out = PrometheusWriter()
        out.family("drover_info", .gauge, "drover's version, as a label (always 1).") {
            $0.sample("drover_info", ["version": process.version], 1)
        }
        out.single("drover_uptime_seconds", .gauge, "Seconds since drover started.", process.uptimeSeconds)
        out.single("drover_workers", .gauge, "Event-loop threads.", process.workers)
        out.single("drover_config_generation", .gauge,
                   "Configurations loaded: 1 at start, plus one per successful reload.", process.configGeneration)
        out.family("drover_config_reloads_total", .counter, "Reloads (SIGHUP or DROVER RELOAD) by result.") {
            $0.sample("drover_config_reloads_total", ["result": "ok"], process.reloadsSucceeded)
            $0.sample("drover_config_reloads_total", ["result": "failed"], process.reloadsFailed)
        }
        out.single("drover_config_last_reload_success", .gauge,
                   "1 if the latest reload was applied (or there was none), 0 if it failed.",
                   process.lastReloadError == nil ? 1 : 0)

        let poolMetrics: [(String, PrometheusWriter.Kind, String, (PoolStats) -> Int)] = [
            ("drover_pool_clients", .gauge, "Clients connected now.", \.clients),
            ("drover_pool_connections_received_total", .counter, "Clients accepted.", \.connectionsReceived),
            ("drover_pool_connections_rejected_total", .counter, "Clients turned away by max_clients.",
             \.connectionsRejected),
            ("drover_pool_output_limit_disconnects_total", .counter,
             "Clients disconnected because their unsent replies passed max_client_output.", \.outputLimitDisconnects),
            ("drover_pool_idle_disconnects_total", .counter, "Clients closed after client_timeout of silence.",
             \.idleDisconnects),
            ("drover_pool_protocol_errors_total", .counter, "Malformed requests (each closes its connection).",
             \.protocolErrors),
            ("drover_pool_auth_failures_total", .counter, "Passwords refused.", \.authFailures),
            ("drover_pool_requests_total", .counter, "Commands received from clients.", \.requests),
            ("drover_pool_errors_total", .counter, "Error replies drover wrote itself (not a backend's).", \.errors),
        ]
        for (name, kind, help, value) in poolMetrics {
            out.family(name, kind, help) { family in
                for pool in pools { family.sample(name, ["pool": pool.name], value(pool)) }
            }
        }

        let servers = self.servers
        let serverMetrics: [(String, PrometheusWriter.Kind, String, (ServerStats) -> Int)] = [
            ("drover_server_up", .gauge, "0 if the server's last connection attempt failed, else 1.",
             { $0.state == ServerState.down.name ? 0 : 1 }),
            ("drover_server_connections", .gauge, "Open connections to the server, all workers.", \.connections),
            ("drover_server_requests_total", .counter, "Requests sent to the server.", \.requests),
            ("drover_server_errors_total", .counter,
             "Requests answered with an error because the server could not be reached.", \.errors),
            ("drover_server_timeouts_total", .counter, "Requests that timed out.", \.timeouts),
            ("drover_server_ejections_total", .counter, "Times health checks took the server out of routing.",
             \.ejections),
        ]
        for (name, kind, help, value) in serverMetrics {
            out.family(name, kind, help) { family in
                for server in servers { family.sample(name, Self.labels(server), value(server)) }
            }
        }
        out.family("drover_server_latency_seconds", .histogram,
                   "Time from reading a request to reading the server's reply.") { family in
            for server in servers {
                let labels = Self.labels(server)
                var cumulative = 0
                for (index, count) in server.latency.buckets.enumerated() {
                    cumulative += count
                    let bound = LatencyBuckets.upperBoundNanoseconds(index).map(Self.seconds(nanos:)) ?? "+Inf"
                    family.sample("drover_server_latency_seconds_bucket", labels.merging(["le": bound]) { a, _ in a },
                                  cumulative)
                }
                family.sample("drover_server_latency_seconds_sum", labels, text: Self.seconds(nanos: server.latency.sumNs))
                family.sample("drover_server_latency_seconds_count", labels, cumulative)
            }
        }
        return out.text
    }

    private static func labels(_ server: ServerStats) -> [String: String] {
        ["pool": server.pool, "shard": server.shard, "address": server.address]
    }

    /// Nanoseconds as seconds in plain decimal (`0.000016384`).
    static func seconds(nanos: Int) -> String {
        decimal(nanos, scale: 1_000_000_000, digits: 9)
    }

    private static func decimal(_ value: Int, scale: Int, digits: Int) -> String {
        let fraction = String(value % scale)
        var text = String(repeating: "0", count: digits - fraction.count) + fraction
        while text.last == "0" { text.removeLast() }
        return "\(value / scale)" + (text.isEmpty ? "" : "." + text)
    }
}

/// Writes metric families: `# HELP`, `# TYPE`, then samples with escaped label values.
struct PrometheusWriter {
    enum Kind: String { case counter, gauge, histogram }

    private(set) var text = ""

    mutating func family(_ name: String, _ kind: Kind, _ help: String, _ samples: (inout PrometheusWriter) -> Void) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(kind.rawValue)\n"
        samples(&self)
    }

    mutating func single(_ name: String, _ kind: Kind, _ help: String, _ value: Int) {
        family(name, kind, help) { $0.sample(name, [:], value) }
    }

    mutating func sample(_ name: String, _ labels: [String: String], _ value: Int) {
        sample(name, labels, text: String(value))
    }

    mutating func sample(_ name: String, _ labels: [String: String], text value: String) {
        text += name
        if !labels.isEmpty {
            let order = ["pool", "shard", "address", "result", "version", "le"]
            let keys = labels.keys.sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
            text += "{" + keys.map { "\($0)=\"\(Self.escape(labels[$0]!))\"" }.joined(separator: ",") + "}"
        }
        text += " \(value)\n"
    }

    /// Label values escape backslash, double quote and newline.
    static func escape(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }
}
