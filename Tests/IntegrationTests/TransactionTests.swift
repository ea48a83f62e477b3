import Foundation
import Testing

/// MULTI/EXEC/DISCARD/WATCH through drover: queued by drover, run on the keys' shard.
@Suite("Transactions")
struct TransactionTests {
    @Test("on one shard: replies, queued and runtime errors as Redis gives them")
    func oneShardMatchesRedis() throws {
        let beside = try BesideRedis()
        defer { beside.stop() }
        try expectSameReplies([
            ["MULTI"], ["SET", "{t}a", "1"], ["INCR", "{t}a"], ["LPUSH", "{t}a", "x"], ["GET", "{t}a"], ["PING"],
            ["ECHO", "e"], ["EXEC"],
            // A command that cannot be queued aborts the whole transaction.
            ["MULTI"], ["SET", "{t}b", "1"], ["SET", "{t}b"], ["NOSUCHCOMMAND"], ["EXEC"], ["GET", "{t}b"],
            ["MULTI"], ["MULTI"], ["WATCH", "{t}a"], ["INCR", "{t}a"], ["EXEC"],
            ["EXEC"], ["DISCARD"], ["MULTI"], ["SET", "{t}c", "1"], ["DISCARD"], ["GET", "{t}c"],
            ["MULTI"], ["EXEC"],
            ["WATCH", "{t}a"], ["MULTI"], ["EXEC"], ["UNWATCH"],
        ], drover: beside.drover, redis: beside.single)
    }

    @Test("keys on several shards: EXECABORT under refuse, nothing written")
    func crossShardRefused() throws {
        let cluster = try Cluster.tagged()
        defer { cluster.stop() }
        let connection = try cluster.connect()
        let replies = try connection.pipeline([["MULTI"], ["SET", "a", "1"], ["SET", "foo", "2"], ["MSET", "alpha", "3", "a", "4"],
                                               ["EXEC"], ["GET", "a"]])
        #expect(Array(replies[0..<4]) == [.simple("OK"), .simple("QUEUED"), .simple("QUEUED"), .simple("QUEUED")])
        #expect(replies[4] == .error("EXECABORT drover: the transaction's keys are on 3 shards and cross_shard_transactions is refuse; put them under one hash tag, or set cross_shard_transactions: split (not atomic across shards)"))
        #expect(replies[5] == .null)
        for shard in cluster.shards.indices {
            #expect(try cluster.backend(shard).command("DBSIZE") == .integer(0))
        }
    }

    @Test("keys on several shards under split: one MULTI/EXEC per shard, results in order")
    func crossShardSplit() throws {
        let cluster = try Cluster.tagged(crossShardTransactions: "split")
        defer { cluster.stop() }
        let connection = try cluster.connect()
        let replies = try connection.pipeline([
            ["MULTI"], ["SET", "a", "1"], ["INCR", "foo"], ["MSET", "alpha", "3", "a", "4", "foo", "5"],
            ["MGET", "foo", "a", "alpha", "none"], ["LPUSH", "alpha", "x"], ["DEL", "a", "alpha", "zzz"], ["PING"], ["EXEC"]])
        #expect(replies.last == .array([
            .simple("OK"), .integer(1), .simple("OK"), .array([.bulk("5"), .bulk("4"), .bulk("3"), .null]),
            .error("WRONGTYPE Operation against a key holding the wrong kind of value"), .integer(2), .simple("PONG")]))
        #expect(try cluster.backend(1).command("GET", "foo") == .bulk("5"))
        #expect(try cluster.backend(0).command("EXISTS", "a") == .integer(0))
    }

    @Test("WATCH: a change by another client makes EXEC answer nil; connections are reused")
    func watch() throws {
        let cluster = try Cluster.tagged()
        defer { cluster.stop() }
        let client = try cluster.connect()
        let other = try cluster.connect()

        #expect(try client.command("SET", "{w}k", "1") == .simple("OK"))
        #expect(try client.command("WATCH", "{w}k") == .simple("OK"))
        #expect(try client.command("GET", "{w}k") == .bulk("1"))
        #expect(try other.command("SET", "{w}k", "2") == .simple("OK"))
        #expect(try client.pipeline([["MULTI"], ["SET", "{w}k", "3"], ["EXEC"]])
                == [.simple("OK"), .simple("QUEUED"), .nullArray])
        #expect(try client.command("GET", "{w}k") == .bulk("2"))

        // Unchanged: the transaction runs. DISCARD and UNWATCH release the watch too.
        #expect(try client.pipeline([["WATCH", "{w}k"], ["MULTI"], ["INCR", "{w}k"], ["EXEC"]])
                == [.simple("OK"), .simple("OK"), .simple("QUEUED"), .array([.integer(3)])])
        #expect(try client.pipeline([["WATCH", "{w}k"], ["MULTI"], ["DISCARD"]]) == [.simple("OK"), .simple("OK"), .simple("OK")])
        #expect(try other.command("SET", "{w}k", "9") == .simple("OK"))
        #expect(try client.pipeline([["MULTI"], ["INCR", "{w}k"], ["EXEC"]])
                == [.simple("OK"), .simple("QUEUED"), .array([.integer(10)])], "DISCARD unwatched")
        #expect(try client.command("WATCH", "a", "foo") == .error(
            "CROSSSLOT drover: keys of 'WATCH' are on different shards; put them under one hash tag"))

        // Many WATCH transactions reuse a few dedicated connections.
        let shard = try cluster.shardsHolding("{w}k")[0]
        let before = try cluster.connectedClients(shard)
        for i in 0..<30 {
            #expect(try client.pipeline([["WATCH", "{w}k"], ["MULTI"], ["SET", "{w}k", "\(i)"], ["EXEC"]]).last
                    == .array([.simple("OK")]))
        }
        #expect(try cluster.connectedClients(shard) <= before + 1, "a dedicated connection per transaction")
    }

    @Test("a client that leaves mid-WATCH does not leave its watch on a reused connection")
    func leavingClientUnwatches() throws {
        let cluster = try Cluster.tagged(oneWorker: true)
        defer { cluster.stop() }
        let setter = try cluster.connect()
        #expect(try setter.command("SET", "{w}k", "initial") == .simple("OK"))
        var leaving: RESPConnection? = try cluster.connect()
        #expect(try leaving?.command("WATCH", "{w}k") == .simple("OK"))
        let shard = try cluster.shardsHolding("{w}k").first ?? -1
        let before = try cluster.connectedClients(shard)
        leaving = nil
        // Its pinned connection is given back with UNWATCH.
        try waitFor {
            try cluster.backend(shard).command("CLIENT", "LIST").text?.contains("cmd=unwatch") == true
        }
        #expect(try setter.command("SET", "{w}k", "changed") == .simple("OK"))
        // The next WATCH-less transaction that lands on the same dedicated connection runs.
        let next = try cluster.connect()
        #expect(try next.pipeline([["WATCH", "{w}other"], ["MULTI"], ["SET", "{w}k", "x"], ["EXEC"]]).last
                == .array([.simple("OK")]))
        #expect(try cluster.connectedClients(shard) == before, "the connection was reused")
    }

    @Test("a lost WATCH connection fails the transaction as a broken watch does")
    func lostWatchConnection() throws {
        let cluster = try Cluster.tagged()
        defer { cluster.stop() }
        let client = try cluster.connect()
        #expect(try client.command("SET", "{w}k", "1") == .simple("OK"))
        let shard = try cluster.shardsHolding("{w}k")[0]
        #expect(try client.command("WATCH", "{w}k") == .simple("OK"))
        // The backend drops the connection that holds the WATCH.
        guard case .bulk(let list) = try cluster.backend(shard).command("CLIENT", "LIST"),
              let line = String(decoding: list, as: UTF8.self).split(whereSeparator: \.isNewline)
                .first(where: { $0.contains("cmd=watch") }),
              let id = line.split(separator: " ").first?.dropFirst("id=".count) else {
            Issue.record("no backend connection ran WATCH")
            return
        }
        #expect(try cluster.backend(shard).command("CLIENT", "KILL", "ID", String(id)) == .integer(1))
        Thread.sleep(forTimeInterval: 0.1)
        // nil once drover has seen the close (an error if it learns of it by sending EXEC).
        let exec = try client.pipeline([["MULTI"], ["SET", "{w}k", "2"], ["EXEC"]]).last
        #expect(exec == .nullArray || exec?.isError == true, "\(String(describing: exec))")
        #expect(try client.command("GET", "{w}k") == .bulk("1"))
        #expect(try client.pipeline([["WATCH", "{w}k"], ["MULTI"], ["SET", "{w}k", "3"], ["EXEC"]]).last == .array([.simple("OK")]))
    }
}
