import Stats

/// Two pools, one with two servers, and counters as two workers would have left them.
enum StatsFixture {
    static func sources() -> StatsSources {
        let gauge = ClientGauge()
        gauge.connected.wrappingAdd(3, ordering: .relaxed)
        gauge.accepted.wrappingAdd(10, ordering: .relaxed)
        gauge.rejected.wrappingAdd(1, ordering: .relaxed)
        let workers = [PoolCounters(), PoolCounters()]
        workers[0].requests.increment(by: 100)
        workers[1].requests.increment(by: 50)
        workers[1].errors.increment(by: 2)
        let s1 = [ServerCounters(), ServerCounters()]
        s1[0].requests.increment(by: 60)
        s1[1].requests.increment(by: 40)
        s1[0].connections.increment()
        _ = s1[0].transition(to: .up)
        for _ in 0..<100 { s1[0].observe(latencyNs: 100_000) }
        let s2 = [ServerCounters(), ServerCounters()]
        s2[0].requests.increment(by: 7)
        s2[1].timeouts.increment(by: 3)
        s2[1].errors.increment(by: 4)
        _ = s2[0].transition(to: .up)
        _ = s2[1].transition(to: .down)
        let other = ClientGauge()
        return StatsSources(pools: [
            .init(name: "cache", listen: "127.0.0.1:22121", clients: gauge, counters: workers, servers: [
                .init(shard: "s1", address: "127.0.0.1:7001", counters: s1),
                .init(shard: "s,2", address: "127.0.0.1:7002", counters: s2),
            ]),
            .init(name: "sessions", listen: "/run/drover/s.sock 0660", clients: other,
                  counters: [PoolCounters(), PoolCounters()], servers: []),
        ])
    }

    static let process = ProcessStats(version: "1.2.3", processID: 42, uptimeSeconds: 90_000, workers: 2,
                                      configFile: "/etc/drover/drover.yml", configGeneration: 3,
                                      reloadsSucceeded: 2, reloadsFailed: 1, lastReloadError: nil)

    static func snapshot() -> StatsSnapshot { sources().collect(process: process) }
}
