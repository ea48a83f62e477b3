import DroverCore
import RESP
import Testing

@Suite struct FanoutPlanTests {
    let router = Router(shards: threeShards())

    private func plan(_ args: [String]) -> FanoutPlan? {
        let decision = withRequest(args) { router.route($0) }
        if case .fanout(let plan) = decision { return plan }
        Issue.record("\(args) is not a fan-out: \(decision)")
        return nil
    }

    private func merge(_ plan: FanoutPlan, _ replies: [String], local: String? = nil, rotation: Int = 0) -> String {
        let out = ByteBuffer()
        let fragments = FragmentReplies(replies.map { Array($0.utf8) })
        if let local {
            Array(local.utf8).withUnsafeBytes { plan.merged(fragments, local: $0, rotation: rotation, into: out) }
        } else {
            plan.merged(fragments, rotation: rotation, into: out)
        }
        return text(out)
    }

    @Test func keysConcatenatesEveryShardsArray() throws {
        let keys = try #require(plan(["KEYS", "*"]))
        #expect(keys.shards == [0, 1, 2] && keys.request == nil && !keys.dedicated)
        #expect(merge(keys, ["*1\r\n$1\r\na\r\n", "*0\r\n", "*2\r\n$1\r\nb\r\n$1\r\nc\r\n"])
                == "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n")
        #expect(merge(keys, ["*0\r\n", "-ERR oops\r\n", "*0\r\n"]) == "-ERR oops\r\n", "an error wins")
        #expect(merge(keys, ["*0\r\n", ":1\r\n", "*0\r\n"]) == "-\(ErrorText.unexpectedShardReply)\r\n")
    }

    @Test func integersOKsAndEquality() throws {
        let dbsize = try #require(plan(["DBSIZE"]))
        #expect(merge(dbsize, [":3\r\n", ":0\r\n", ":4\r\n"]) == ":7\r\n")
        let flush = try #require(plan(["FLUSHDB", "ASYNC"]))
        #expect(merge(flush, ["+OK\r\n", "+OK\r\n", "+OK\r\n"]) == "+OK\r\n")
        #expect(merge(flush, ["+OK\r\n", "-LOADING busy\r\n", "+OK\r\n"]) == "-LOADING busy\r\n")
        let load = try #require(plan(["SCRIPT", "LOAD", "return 1"]))
        #expect(load.script == .load)
        let sha = "$40\r\ne0e1f9fabfc9d4800c877a703b823ac0578ff8db\r\n"
        #expect(merge(load, [sha, sha, sha]) == sha)
        #expect(merge(load, [sha, "$1\r\nx\r\n", sha]) == "-\(ErrorText.shardsDisagree)\r\n")
        #expect(try #require(plan(["SCRIPT", "FLUSH"])).script == .flush)
        let kill = try #require(plan(["SCRIPT", "KILL"]))
        let notBusy = "-NOTBUSY No scripts in execution right now.\r\n"
        #expect(merge(kill, [notBusy, "+OK\r\n", notBusy]) == "+OK\r\n", "one shard killing it is enough")
        #expect(merge(kill, [notBusy, notBusy, notBusy]) == notBusy)
    }

    @Test func scriptExistsIsTrueOnlyWhereEveryShardHasIt() throws {
        let exists = try #require(plan(["SCRIPT", "EXISTS", "a", "b", "c"]))
        #expect(merge(exists, ["*3\r\n:1\r\n:1\r\n:0\r\n", "*3\r\n:1\r\n:0\r\n:0\r\n", "*3\r\n:1\r\n:1\r\n:1\r\n"])
                == "*3\r\n:1\r\n:0\r\n:0\r\n")
    }

    @Test func randomKeyTakesTheFirstNonNilFromARotatingStart() throws {
        let random = try #require(plan(["RANDOMKEY"]))
        let replies = ["$1\r\na\r\n", "$-1\r\n", "$1\r\nc\r\n"]
        #expect(merge(random, replies, rotation: 0) == "$1\r\na\r\n")
        #expect(merge(random, replies, rotation: 1) == "$1\r\nc\r\n")
        #expect(merge(random, replies, rotation: 5) == "$1\r\nc\r\n")
        #expect(merge(random, ["_\r\n", "_\r\n", "_\r\n"]) == "_\r\n", "RESP3 null when every shard is empty")
    }

    @Test func timeAsksOneShardAndWaitTakesTheMinimumOnDedicatedConnections() throws {
        let time = try #require(plan(["TIME"]))
        #expect(time.shards == [0])
        #expect(merge(time, ["*2\r\n$1\r\n1\r\n$1\r\n2\r\n"]) == "*2\r\n$1\r\n1\r\n$1\r\n2\r\n")
        let wait = try #require(plan(["WAIT", "1", "100"]))
        #expect(wait.dedicated && wait.shards == [0, 1, 2])
        #expect(merge(wait, [":2\r\n", ":1\r\n", ":3\r\n"]) == ":1\r\n")
    }

    @Test func scanAsksTheCursorsShardWithItsOwnCursor() throws {
        let first = try #require(plan(["SCAN", "0", "MATCH", "k*", "COUNT", "10"]))
        #expect(first.shards == [0])
        #expect(first.request == RESP.command(["SCAN", "0", "MATCH", "k*", "COUNT", "10"]))
        #expect(merge(first, ["*2\r\n$2\r\n12\r\n*1\r\n$2\r\nk1\r\n"]) == "*2\r\n$5\r\n12288\r\n*1\r\n$2\r\nk1\r\n")
        #expect(merge(first, ["*2\r\n$1\r\n0\r\n*0\r\n"]) == "*2\r\n$1\r\n1\r\n*0\r\n", "then shard 1")

        let later = try #require(plan(["scan", String(12 << 10 | 2), "TYPE", "string"]))
        #expect(later.shards == [2])
        #expect(later.request == RESP.command(["scan", "12", "TYPE", "string"]))
        #expect(merge(later, ["*2\r\n$1\r\n0\r\n*1\r\n$1\r\nz\r\n"]) == "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nz\r\n", "the end")

        guard case .error(let text) = withRequest(["SCAN", "7"], { router.route($0) }) else {
            Issue.record("SCAN 7 (shard 7 of 3) accepted")
            return
        }
        #expect(text == "ERR invalid cursor")
    }

    @Test func infoSumsTheShardsKeyspaces() throws {
        let keyspaceOnly = try #require(plan(["INFO", "keyspace"]))
        #expect(keyspaceOnly.request == RESP.command(["INFO", "keyspace"]))
        let shard0 = "# Keyspace\r\ndb0:keys=10,expires=2,avg_ttl=1000\r\n"
        let shard1 = "# Keyspace\r\ndb0:keys=5,expires=2,avg_ttl=3000\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n"
        let shard2 = "# Keyspace\r\n"
        func bulk(_ s: String) -> String { "$\(s.utf8.count)\r\n\(s)\r\n" }
        let summed = "# Keyspace\r\ndb0:keys=15,expires=4,avg_ttl=2000\r\ndb3:keys=1,expires=0,avg_ttl=0\r\n"
        #expect(merge(keyspaceOnly, [bulk(shard0), bulk(shard1), bulk(shard2)]) == bulk(summed))
        // RESP3 shards answer verbatim strings; so does drover then.
        func verbatim(_ s: String) -> String { "=\(s.utf8.count + 4)\r\ntxt:\(s)\r\n" }
        #expect(merge(keyspaceOnly, [verbatim(shard0), verbatim(shard1), verbatim(shard2)]) == verbatim(summed))

        let everything = try #require(plan(["INFO"]))
        let local = "# Server\r\nredis_mode:proxy\r\n"
        #expect(merge(everything, [bulk(shard0), bulk(shard1), bulk(shard2)], local: bulk(local)) == bulk(local + "\r\n" + summed))
        #expect(withRequest(["INFO", "server"], { router.route($0) }).isLocal, "no keyspace asked: drover alone")
    }
}

extension RouteDecision {
    var isLocal: Bool {
        if case .local = self { return true }
        return false
    }
}
