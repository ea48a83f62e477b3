import Testing

/// MGET, MSET, DEL, UNLINK, EXISTS and TOUCH over keys on every shard answer as one Redis would.
@Suite("Multi-key commands across shards")
struct MultiKeyTests {
    // Two keys on each of the three shards, interleaved so no shard's keys are adjacent.
    private static let keys = ["a", "foo", "alpha", "zeta", "beta", "cherry"]

    @Test("MSET then MGET, EXISTS, TOUCH, DEL, UNLINK give merged answers in key order")
    func splitAndMerge() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let connection = try cluster.connect()

        #expect(try connection.command("MSET", "a", "va", "foo", "vfoo", "alpha", "valpha",
                                       "zeta", "vzeta", "beta", "vbeta", "cherry", "vcherry") == .simple("OK"))
        for (index, key) in Self.keys.enumerated() {
            let expected = GoldenPlacement.keys.first { $0.key == key }?.shard
            #expect(try cluster.shardsHolding(key) == [expected ?? -1], "\(key) #\(index)")
        }

        let mget = try connection.command("MGET", "cherry", "nosuch", "a", "foo", "a", "alpha", "zeta", "beta")
        #expect(mget == .array([.bulk("vcherry"), .null, .bulk("va"), .bulk("vfoo"), .bulk("va"),
                                .bulk("valpha"), .bulk("vzeta"), .bulk("vbeta")]))

        // EXISTS counts a key once per mention, like Redis.
        #expect(try connection.command("EXISTS", "a", "foo", "alpha", "nosuch", "a") == .integer(4))
        #expect(try connection.command("TOUCH", "a", "foo", "alpha", "nosuch") == .integer(3))
        #expect(try connection.command("DEL", "a", "foo", "nosuch", "alpha") == .integer(3))
        #expect(try connection.command("UNLINK", "zeta", "beta", "cherry", "nosuch") == .integer(3))
        #expect(try connection.command("MGET", "a", "foo", "alpha", "zeta") == .array([.null, .null, .null, .null]))
        #expect(try connection.command("EXISTS", "a", "cherry") == .integer(0))
        for shard in cluster.shards.indices {
            #expect(try cluster.backend(shard).command("DBSIZE") == .integer(0), "shard \(shard) is empty")
        }
    }

    @Test("many multi-key commands pipelined keep their order")
    func pipelinedMultiKey() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let connection = try cluster.connect()

        var commands: [[String]] = []
        var expected: [RESPReply] = []
        for round in 0..<50 {
            let keys = (0..<7).map { "m:\(round):\($0)" }
            commands.append(["MSET"] + keys.flatMap { [$0, "\($0)=v"] })
            expected.append(.simple("OK"))
            commands.append(["MGET"] + keys.reversed() + ["m:none"])
            expected.append(.array(keys.reversed().map { .bulk("\($0)=v") } + [.null]))
            commands.append(["DEL"] + keys.prefix(3))
            expected.append(.integer(3))
            commands.append(["EXISTS"] + keys)
            expected.append(.integer(4))
        }
        #expect(try connection.pipeline(commands) == expected)
    }
}
