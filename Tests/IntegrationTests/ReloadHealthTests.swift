import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Reloads (issue 6) of a pool whose shards have more than a primary (issue 4): the reloaded
/// pool keeps one set of counters per node and the health monitor follows its new nodes.
@Suite("Reload with failover nodes", .serialized)
struct ReloadHealthTests {
    @Test("after a reload, INFO lists every node, and a killed primary fails over and counts as an ejection",
          .timeLimit(.minutes(1)))
    func reloadThenFailover() throws {
        let cluster = try ShardedCluster(shards: 2, failover: 1, failoverShards: [0])
        defer { cluster.stop() }
        let settings = ["timeout: 1000", "server_retry_timeout: 500", "server_failure_limit: 2"]
        let drover = try cluster.startDrover(settings)
        let port = FailoverTests.port(drover)
        let control = try drover.connect()
        let key = try cluster.keys(on: 0, count: 1, through: drover)[0]
        #expect(try control.command("SET", key, "before") == .simple("OK"))

        // A changed setting rebuilds the pool's snapshot (and its health) on reload.
        try drover.rewriteConfig(cluster.yaml(listen: port, settings: settings.map {
            $0 == "timeout: 1000" ? "timeout: 1200" : $0
        }))
        drover.send(SIGHUP)
        #expect(try StatsClient.waitForGeneration(2, on: control) == 2)
        #expect(try control.command("SET", key, "after") == .simple("OK"))

        let servers = try StatsClient.info(control, section: "servers")
        let lines = servers.filter { $0.key.hasPrefix("server") }.map(\.value)
        #expect(lines.count == 3, "two primaries and the failover node: \(servers)")
        #expect(lines.contains { $0.contains("shard=s0") && $0.contains("\(cluster.shards[0].failover[0].port)") },
                "the failover node has its own counters: \(lines)")
        #expect(try StatsClient.info(control, section: "pools")["pool0"]?.contains("shards=2,") == true)

        cluster.shards[0].primary.kill()
        let failedOver = try FailoverTests.secondsUntil(timeout: 5) {
            try control.command("SET", key, "moved") == .simple("OK")
                && (try cluster.shards[0].failover[0].client().command("GET", key)) == .bulk("moved")
        }
        #expect(failedOver != nil, "writes never reached the failover node after the reload:\n\(drover.log)")
        let ejections = try FailoverTests.secondsUntil(timeout: 5) {
            Int(try StatsClient.info(control, section: "stats")["backend_ejections"] ?? "0") ?? 0 >= 1
        }
        #expect(ejections != nil, "the monitor of the reloaded pool counted no ejection:\n\(drover.log)")
        // The monitor counts the ejection, then logs the failover: wait for the line (bounded).
        _ = try FailoverTests.secondsUntil(timeout: 5) {
            FailoverTests.lines(drover.log, containing: "shard failed over", "shard=s0") >= 1
        }
        #expect(FailoverTests.lines(drover.log, containing: "shard failed over", "shard=s0") == 1, "\(drover.log)")
    }
}
