import Foundation
import Testing

/// Reads go where `read_policy` says and writes only to primaries, counted with
/// `INFO commandstats` on every backend; `read_your_writes` keeps a writer on the primary.
@Suite("Replica reads", .serialized)
struct ReplicaReadTests {
    /// `calls` of `cmdstat_<command>` on `server`, 0 if it never ran.
    static func calls(_ command: String, on server: RedisServer, field: String = "calls") throws -> Int {
        let info = try server.client().command("INFO", "commandstats").text ?? ""
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix("cmdstat_\(command):") {
            for part in line.split(separator: ":")[1].split(separator: ",") where part.hasPrefix(field + "=") {
                return Int(part.dropFirst(field.count + 1)) ?? 0
            }
        }
        return 0
    }

    static func resetStats(_ cluster: ShardedCluster) throws {
        for shard in cluster.shards {
            for server in [shard.primary] + shard.replicas {
                _ = try server.client().command("CONFIG", "RESETSTAT")
            }
        }
    }

    @Test("each read_policy sends GETs to its nodes; SETs reach only primaries",
          .timeLimit(.minutes(1)))
    func readPolicies() throws {
        let cluster = try ShardedCluster(shards: 2, replicas: 1)
        defer { cluster.stop() }
        // (policy, share of GETs the primaries take: 1 all, 0 none, nil some)
        let expectations: [(String, Double?)] = [("primary", 1), ("replica", 0), ("prefer-replica", 0),
                                                  ("prefer-primary", 1), ("any", nil)]
        for (policy, primaryShare) in expectations {
            let drover = try cluster.startDrover(["read_policy: \(policy)", "read_your_writes: 0", "timeout: 2000"])
            let keys = (0..<40).map { "\(policy):key:\($0)" }
            let writer = try drover.connect()
            try cluster.waitForReplication()
            try Self.resetStats(cluster)
            for key in keys { #expect(try writer.command("SET", key, "v-\(key)") == .simple("OK")) }
            try cluster.waitForReplication()
            // Several readers: `any` and the replica policies spread clients over the nodes.
            let readers = try (0..<4).map { _ in try drover.connect() }
            for (index, key) in keys.enumerated() {
                #expect(try readers[index % readers.count].command("GET", key) == .bulk("v-\(key)"), "\(policy) \(key)")
            }
            var primaryGets = 0, replicaGets = 0, primarySets = 0
            for shard in cluster.shards {
                primaryGets += try Self.calls("get", on: shard.primary)
                primarySets += try Self.calls("set", on: shard.primary)
                for replica in shard.replicas {
                    replicaGets += try Self.calls("get", on: replica)
                    #expect(try Self.calls("set", on: replica, field: "rejected_calls") == 0, "no write reached a replica")
                    #expect(try Self.calls("set", on: replica, field: "failed_calls") == 0)
                }
            }
            #expect(primarySets == keys.count, "\(policy): every SET on a primary")
            #expect(primaryGets + replicaGets == keys.count, "\(policy): every GET answered once")
            switch primaryShare {
            case 1?: #expect(primaryGets == keys.count, "\(policy): GETs on primaries \(primaryGets), replicas \(replicaGets)")
            case 0?: #expect(replicaGets == keys.count, "\(policy): GETs on primaries \(primaryGets), replicas \(replicaGets)")
            default: #expect(primaryGets > 0 && replicaGets > 0, "\(policy): GETs on primaries \(primaryGets), replicas \(replicaGets)")
            }
            drover.stop()
        }
    }

    @Test("read_your_writes: a client reads its own write from the primary; off, from the replica",
          .timeLimit(.minutes(1)))
    func readYourWrites() throws {
        let cluster = try ShardedCluster(shards: 1, replicas: 1)
        defer { cluster.stop() }
        for (window, primaryReads) in [(1000, 5), (0, 0)] {
            let drover = try cluster.startDrover(["read_policy: replica", "read_your_writes: \(window)", "timeout: 2000"])
            let client = try drover.connect()
            try cluster.waitForReplication()
            try Self.resetStats(cluster)
            for i in 0..<5 {
                #expect(try client.command("SET", "ryw:\(i)", "\(i)") == .simple("OK"))
                try cluster.waitForReplication()
                #expect(try client.command("GET", "ryw:\(i)") == .bulk("\(i)"))
            }
            let shard = cluster.shards[0]
            #expect(try Self.calls("get", on: shard.primary) == primaryReads, "read_your_writes: \(window)")
            #expect(try Self.calls("get", on: shard.replicas[0]) == 5 - primaryReads, "read_your_writes: \(window)")
            drover.stop()
        }
    }

    @Test("a replica whose primary was lost stops serving reads until it is in sync again",
          .timeLimit(.minutes(1)))
    func replicaOutOfSync() throws {
        let cluster = try ShardedCluster(shards: 1, replicas: 1)
        defer { cluster.stop() }
        let drover = try cluster.startDrover(["read_policy: prefer-replica", "read_your_writes: 0", "timeout: 1000",
                                              "server_retry_timeout: 300"])
        let client = try drover.connect()
        #expect(try client.command("SET", "k", "old") == .simple("OK"))
        try cluster.waitForReplication()
        #expect(try client.command("GET", "k") == .bulk("old"))

        // The primary restarts empty and takes a new write before its replica has re-synced:
        // the replica still holds "old", which must never be read again.
        let shard = cluster.shards[0]
        shard.primary.kill()
        try shard.primary.restart()
        let deadline = Date().addingTimeInterval(10)
        var wrote = false
        while !wrote && Date() < deadline {
            wrote = (try? client.command("SET", "k", "new")) == .simple("OK")
            if !wrote { usleep(50_000) }
        }
        #expect(wrote, "the restarted primary takes writes again")
        for _ in 0..<50 {
            let reply = try client.command("GET", "k")
            #expect(reply == .bulk("new"), "a stale replica was read: \(reply)")
            usleep(10_000)
        }
        #expect(drover.log.contains("replica not known to be in sync"), "\(drover.log)")
    }
}
