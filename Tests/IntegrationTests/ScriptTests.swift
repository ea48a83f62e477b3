import Foundation
import Testing

/// Lua scripts over shards: routed by their keys, and never NOSCRIPT for a body drover knows.
@Suite("Scripts")
struct ScriptTests {
    static let script = "return redis.call('GET', KEYS[1])"
    static let sha = "d3c21d0c2b9ca22f82737626a27bcaf5d288f99f"
    static let evalBody = "return 'eval-' .. KEYS[1]"
    static let evalSHA = "add11f8a4bdb8d95566ebe3ae017fd7db56cc409"

    @Test("SCRIPT LOAD reaches every shard; a shard that lost it gets it back transparently")
    func noScriptNever() throws {
        let cluster = try Cluster.tagged()
        defer { cluster.stop() }
        let connection = try cluster.connect()
        #expect(try connection.command("SCRIPT", "LOAD", Self.script) == .bulk(Self.sha))
        for shard in cluster.shards.indices {
            #expect(try cluster.backend(shard).command("SCRIPT", "EXISTS", Self.sha) == .array([.integer(1)]))
        }
        #expect(try connection.command("SCRIPT", "EXISTS", Self.sha, "ffff") == .array([.integer(1), .integer(0)]))

        // Shard 1 forgets it (a restart, or a shard added later): the EVALSHA still works,
        // pipelined with other requests whose replies keep their order.
        #expect(try cluster.backend(1).command("SCRIPT", "FLUSH") == .simple("OK"))
        #expect(try connection.command("SCRIPT", "EXISTS", Self.sha) == .array([.integer(0)]))
        let replies = try connection.pipeline([["SET", "foo", "v1"], ["EVALSHA", Self.sha, "1", "foo"], ["GET", "foo"],
                                               ["EVALSHA", Self.sha, "1", "foo"]])
        #expect(replies == [.simple("OK"), .bulk("v1"), .bulk("v1"), .bulk("v1")])
        #expect(try cluster.backend(1).command("SCRIPT", "EXISTS", Self.sha) == .array([.integer(1)]))

        // A body seen through EVAL on one shard serves EVALSHA on another.
        #expect(try connection.command("EVAL", Self.evalBody, "1", "a") == .bulk("eval-a"))
        #expect(try cluster.backend(2).command("SCRIPT", "EXISTS", Self.evalSHA) == .array([.integer(0)]))
        #expect(try connection.command("EVALSHA", Self.evalSHA, "1", "alpha") == .bulk("eval-alpha"))

        // Unknown scripts are NOSCRIPT as on Redis; SCRIPT FLUSH makes drover forget too.
        #expect(try connection.command("EVALSHA", String(repeating: "0", count: 40), "0")
                == .error("NOSCRIPT No matching script. Please use EVAL."))
        #expect(try connection.command("SCRIPT", "FLUSH") == .simple("OK"))
        #expect(try connection.command("EVALSHA", Self.sha, "1", "foo") == .error("NOSCRIPT No matching script. Please use EVAL."))

        // Keys on several shards are refused; no keys at all runs on the first shard.
        #expect(try connection.command("EVAL", Self.script, "2", "a", "foo")
                == .error("CROSSSLOT drover: keys of 'EVAL' are on different shards; put them under one hash tag"))
        #expect(try connection.command("EVAL", "return redis.call('SET', 'written-by-script', '1')", "0") == .simple("OK"))
        #expect(try cluster.backend(0).command("EXISTS", "written-by-script") == .integer(1))
    }
}
