import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The drills, each under the checker's steady verified load (scripts/checker.py):
/// a primary SIGKILLed and restarted, with a failover node and with `on_backend_error: miss`;
/// a primary SIGSTOPped and continued; `auto_eject_hosts`. Short timeouts keep them fast;
/// `make reliability` runs longer versions beside nutcracker (RELIABILITY.md).
@Suite("Failover drills", .serialized)
struct FailoverTests {
    /// The drover's TCP port.
    static func port(_ drover: DroverProcess) -> Int {
        if case .tcp(let port) = drover.listener { return port }
        return 0
    }

    /// Seconds `body` takes to return true, polling every 10 ms, or nil after `timeout`.
    static func secondsUntil(timeout: Double, _ body: () throws -> Bool) rethrows -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            if try body() { return Date().timeIntervalSince(start) }
            usleep(10_000)
        }
        return nil
    }

    static func lines(_ log: String, containing words: String...) -> Int {
        log.split(separator: "\n").filter { line in words.allSatisfy { line.contains($0) } }.count
    }

    @Test("SIGKILL of a primary with a failover node: no request fails, none is wrong; restarted, its traffic returns after a probe",
          .timeLimit(.minutes(1)))
    func killWithFailover() throws {
        let cluster = try ShardedCluster(shards: 2, failover: 1, failoverShards: [0])
        defer { cluster.stop() }
        let drover = try cluster.startDrover(["timeout: 1000", "server_retry_timeout: 500", "server_failure_limit: 2"])
        let checker = try CheckerRun(port: Self.port(drover), duration: 4, arguments: cluster.checkerShards)
        let primary = cluster.shards[0].primary
        usleep(800_000)
        primary.kill()
        usleep(1_000_000)
        try primary.restart()
        // The restarted primary is empty: its traffic is back once the checker's keys reappear.
        let back = try Self.secondsUntil(timeout: 5) {
            if case .integer(let keys) = try primary.client().command("DBSIZE") { return keys > 0 }
            return false
        }
        let report = try checker.finish()
        #expect(report.totals.wrong == 0, "\(checker.summary)")
        #expect(report.shard("s0").error == 0, "the failover node took every request: \(checker.summary)")
        #expect(report.shard("s1").error == 0, "\(checker.summary)")
        #expect(report.shard("s0").ok > 100 && report.shard("s1").ok > 100, "\(checker.summary)")
        let returned = try #require(back, "traffic never returned to the restarted primary:\n\(drover.log)")
        #expect(returned < 0.5 + 1.5, "back \(returned) s after the restart, with server_retry_timeout 500 ms")
        #expect(Self.lines(drover.log, containing: "shard failed over", "shard=s0") == 1, "\(drover.log)")
        #expect(Self.lines(drover.log, containing: "backend node down") == 1, "each change logged once:\n\(drover.log)")
        #expect(Self.lines(drover.log, containing: "re-admitted after a successful probe") == 1, "\(drover.log)")
    }

    @Test("on_backend_error: miss: a SIGKILLed primary's reads answer as misses, only its writes fail",
          .timeLimit(.minutes(1)))
    func killWithMiss() throws {
        let cluster = try ShardedCluster(shards: 3)
        defer { cluster.stop() }
        let drover = try cluster.startDrover(["timeout: 1000", "server_retry_timeout: 500", "on_backend_error: miss"])
        let checker = try CheckerRun(port: Self.port(drover), duration: 4, arguments: cluster.checkerShards)
        let primary = cluster.shards[1].primary
        usleep(800_000)
        primary.kill()
        usleep(1_200_000)
        try primary.restart()
        let restartedAt = Date().timeIntervalSince1970
        let report = try checker.finish()
        let dead = report.shard("s1")
        #expect(report.totals.wrong == 0, "\(checker.summary)")
        #expect(dead.error > 0, "writes to the dead shard answer an error: \(checker.summary)")
        #expect(dead.errors_by_command["GET"] == nil && dead.errors_by_command["MGET"] == nil,
                "no read fails, they miss: \(dead.errors_by_command) \(dead.error_samples)")
        #expect(dead.miss > 0, "\(checker.summary)")
        for live in ["s0", "s2"] {
            #expect(report.shard(live).error == 0, "\(live) is unaffected: \(checker.summary)")
            #expect(report.shard(live).miss == 0, "\(live) is unaffected: \(checker.summary)")
        }
        let lastError = try #require(dead.last_error)
        #expect(lastError - restartedAt < 0.5 + 1.5, "writes succeed again within server_retry_timeout and a probe")
    }

    @Test("SIGSTOP: requests time out after `timeout`, the node is marked down and fails fast; SIGCONT: re-admitted after a probe",
          .timeLimit(.minutes(1)))
    func stopAndContinue() throws {
        let cluster = try ShardedCluster(shards: 2)
        defer { cluster.stop() }
        let drover = try cluster.startDrover(["timeout: 500", "server_retry_timeout: 500", "server_failure_limit: 2"])
        let key = try cluster.keys(on: 1, count: 1, through: drover)[0]
        let checker = try CheckerRun(port: Self.port(drover), duration: 5, arguments: cluster.checkerShards)
        let client = try drover.connect()
        let frozen = cluster.shards[1].primary
        usleep(500_000)
        frozen.pause()
        defer { frozen.resume() }

        let start = Date()
        let first = try client.command("GET", key)
        let waited = Date().timeIntervalSince(start)
        #expect(first.text?.contains("timed out") == true, "\(first)")
        #expect(waited >= 0.45 && waited < 1.5, "answered after \(waited) s with timeout: 500")
        // The checker's own timeouts count too: the node is soon down and requests fail fast.
        let down = try Self.secondsUntil(timeout: 5) {
            let asked = Date()
            let reply = try client.command("GET", key)
            return reply.text == "ERR drover: shard 's1' is down" && Date().timeIntervalSince(asked) < 0.1
        }
        #expect(down != nil, "never failed fast:\n\(drover.log)")

        frozen.resume()
        let back = try Self.secondsUntil(timeout: 5) { try client.command("GET", key) == .bulk("x") }
        let readmitted = try #require(back, "not re-admitted after SIGCONT:\n\(drover.log)")
        #expect(readmitted < 0.5 + 1.5, "re-admitted \(readmitted) s after SIGCONT with server_retry_timeout 500 ms")

        let report = try checker.finish()
        #expect(report.totals.wrong == 0, "\(checker.summary)")
        #expect(report.shard("s0").error == 0, "the other shard is unaffected: \(checker.summary)")
        let samples = report.shard("s1").error_samples.joined(separator: " | ")
        #expect(samples.contains("timed out") && samples.contains("is down"), "\(samples)")
        #expect(Self.lines(drover.log, containing: "backend node down", "s1") == 1, "logged once:\n\(drover.log)")
        #expect(Self.lines(drover.log, containing: "re-admitted after a successful probe", "s1") == 1, "\(drover.log)")
    }

    @Test("auto_eject_hosts: a dead shard's keys move to the live shards while it is out, and come back without stale values",
          .timeLimit(.minutes(1)))
    func ejection() throws {
        let cluster = try ShardedCluster(shards: 3)
        defer { cluster.stop() }
        let drover = try cluster.startDrover(["timeout: 1000", "server_retry_timeout: 500", "auto_eject_hosts: true"])
        let key = try cluster.keys(on: 1, count: 1, through: drover)[0]
        let checker = try CheckerRun(port: Self.port(drover), duration: 5, arguments: cluster.checkerShards)
        let client = try drover.connect()
        let dead = cluster.shards[1].primary
        usleep(500_000)
        dead.kill()
        // While ejected, the key is written to (and read from) another shard.
        let moved = try Self.secondsUntil(timeout: 5) { try client.command("SET", key, "while-out") == .simple("OK") }
        #expect(moved != nil, "\(drover.log)")
        let holders = try [0, 2].filter { try cluster.shards[$0].primary.client().command("GET", key) == .bulk("while-out") }
        #expect(holders.count == 1, "the key went to one live shard")
        #expect(try client.command("GET", key) == .bulk("while-out"))

        try dead.restart()
        // Back on the ring: the value written elsewhere was removed before the shard
        // returned, so the key reads as a miss, never as a value older than "while-out".
        let back = try Self.secondsUntil(timeout: 5) { try client.command("SET", key, "home") == .simple("OK") && (try dead.client().command("GET", key)) == .bulk("home") }
        #expect(back != nil, "\(drover.log)")
        // The clean-up runs on the health monitor right after re-admission; on a loaded
        // machine the check above can win that race, so wait for it (bounded).
        for holder in holders {
            let cleaned = try Self.secondsUntil(timeout: 5) {
                try cluster.shards[holder].primary.client().command("GET", key) == .null
            }
            #expect(cleaned != nil, "cleaned up on the holder")
        }
        let report = try checker.finish()
        #expect(report.totals.wrong == 0, "\(checker.summary)")
        #expect(Self.lines(drover.log, containing: "shard ejected from the ring") == 1, "\(drover.log)")
        #expect(Self.lines(drover.log, containing: "removed the keys written elsewhere") == 1, "\(drover.log)")
    }

    @Test("a backend connection breaking under a pipeline: each in-flight request gets its own error, in order")
    func inFlightErrorsInOrder() throws {
        let cluster = try ShardedCluster(shards: 2)
        defer { cluster.stop() }
        let drover = try cluster.startDrover(["timeout: 5000"])
        let onLive = try cluster.keys(on: 0, count: 2, through: drover, prefix: "live")
        let onDead = try cluster.keys(on: 1, count: 2, through: drover, prefix: "dead")
        let client = try drover.connect()
        let dying = cluster.shards[1].primary
        dying.pause()  // requests reach its socket and wait there
        try client.send([["GET", onLive[0]], ["GET", onDead[0]], ["GET", onLive[1]], ["SET", onDead[1], "y"], ["PING"]]
            .flatMap(RESPReply.encodeCommand))
        usleep(200_000)
        dying.kill()  // the connection breaks with both requests in flight
        let replies = try (0..<5).map { _ in try client.readReply() }
        #expect(replies[0] == .bulk("x"))
        #expect(replies[1].isError && replies[1].text?.contains("s1") == true, "\(replies[1])")
        #expect(replies[2] == .bulk("x"))
        #expect(replies[3].isError && replies[3].text?.contains("s1") == true, "\(replies[3])")
        #expect(replies[4] == .simple("PONG"))
        #expect(try client.command("GET", onLive[0]) == .bulk("x"), "the client connection stays usable")
    }

    @Test("with a failover node, requests in flight on a broken connection are sent there instead")
    func inFlightGoToTheFailoverNode() throws {
        let cluster = try ShardedCluster(shards: 2, failover: 1, failoverShards: [1])
        defer { cluster.stop() }
        let drover = try cluster.startDrover(["timeout: 5000"])
        let onDead = try cluster.keys(on: 1, count: 2, through: drover, prefix: "dead")
        let client = try drover.connect()
        let dying = cluster.shards[1].primary
        dying.pause()
        try client.send([["SET", onDead[0], "retried"], ["GET", onDead[1]], ["PING"]].flatMap(RESPReply.encodeCommand))
        usleep(200_000)
        dying.kill()
        let replies = try (0..<3).map { _ in try client.readReply() }
        #expect(replies == [.simple("OK"), .null, .simple("PONG")], "\(replies)")
        #expect(try cluster.shards[1].failover[0].client().command("GET", onDead[0]) == .bulk("retried"))
    }
}
