import Testing

/// Commands whose keys must share a shard: refused with CROSSSLOT when they do not (never
/// silently wrong, as twemproxy's first-key routing is), and exactly Redis's answers when
/// they share a hash tag.
@Suite("Same-shard multi-key commands")
struct SameShardTests {
    /// (setup, command) with K1, K2, K3 standing for keys.
    static let cases: [(setup: [[String]], command: [String])] = [
        ([], ["MSETNX", "K1", "v1", "K2", "v2"]),
        ([["SET", "K1", "v"]], ["RENAME", "K1", "K2"]),
        ([["SET", "K1", "v"]], ["RENAMENX", "K1", "K2"]),
        ([["SET", "K1", "v"]], ["COPY", "K1", "K2"]),
        ([["SADD", "K1", "m"]], ["SMOVE", "K1", "K2", "m"]),
        (sets, ["SINTER", "K1", "K2"]),
        (sets, ["SINTERSTORE", "K3", "K1", "K2"]),
        (sets, ["SUNION", "K1", "K2"]),
        (sets, ["SUNIONSTORE", "K3", "K1", "K2"]),
        (sets, ["SDIFF", "K1", "K2"]),
        (sets, ["SDIFFSTORE", "K3", "K1", "K2"]),
        (sets, ["SINTERCARD", "2", "K1", "K2"]),
        (zsets, ["ZUNION", "2", "K1", "K2", "WITHSCORES"]),
        (zsets, ["ZUNIONSTORE", "K3", "2", "K1", "K2"]),
        (zsets, ["ZINTER", "2", "K1", "K2"]),
        (zsets, ["ZINTERSTORE", "K3", "2", "K1", "K2"]),
        (zsets, ["ZDIFF", "2", "K1", "K2"]),
        (zsets, ["ZDIFFSTORE", "K3", "2", "K1", "K2"]),
        (zsets, ["ZINTERCARD", "2", "K1", "K2"]),
        (zsets, ["ZRANGESTORE", "K2", "K1", "0", "-1"]),
        (zsets, ["ZMPOP", "2", "K1", "K2", "MIN"]),
        (lists, ["LMOVE", "K1", "K2", "LEFT", "RIGHT"]),
        (lists, ["RPOPLPUSH", "K1", "K2"]),
        (lists, ["BLMOVE", "K1", "K2", "LEFT", "RIGHT", "1"]),
        (lists, ["LMPOP", "2", "K1", "K2", "LEFT"]),
        (lists, ["BLMPOP", "1", "2", "K1", "K2", "LEFT"]),
        (lists, ["BRPOPLPUSH", "K1", "K2", "1"]),
        ([["PFADD", "K1", "a", "b"], ["PFADD", "K2", "c"]], ["PFCOUNT", "K1", "K2"]),
        ([["PFADD", "K1", "a", "b"], ["PFADD", "K2", "c"]], ["PFMERGE", "K3", "K1", "K2"]),
        ([["GEOADD", "K1", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"]],
         ["GEOSEARCHSTORE", "K2", "K1", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"]),
        ([["SET", "K1", "ab"], ["SET", "K2", "cd"]], ["BITOP", "OR", "K3", "K1", "K2"]),
        ([["SET", "K1", "ohmytext"], ["SET", "K2", "mynewtext"]], ["LCS", "K1", "K2"]),
        (lists, ["SORT", "K1", "ALPHA", "STORE", "K2"]),
    ]
    static let sets = [["SADD", "K1", "a", "b"], ["SADD", "K2", "b", "c"]]
    static let zsets = [["ZADD", "K1", "1", "a", "2", "b"], ["ZADD", "K2", "2", "b", "3", "c"]]
    static let lists = [["RPUSH", "K1", "a", "b"], ["RPUSH", "K2", "c"]]

    static func substitute(_ command: [String], _ keys: [String]) -> [String] {
        command.map { word in
            switch word {
            case "K1": keys[0]
            case "K2": keys[1]
            case "K3": keys[2]
            default: word
            }
        }
    }

    @Test("each is refused with CROSSSLOT across shards and matches Redis under one hash tag")
    func crossSlotAndHashTags() throws {
        let beside = try BesideRedis()
        defer { beside.stop() }
        let (cluster, drover, single) = (beside.cluster, beside.drover, beside.single)

        // "a", "foo", "alpha" are on shards 0, 1, 2.
        let spread = GoldenPlacement.onePerShard
        for (_, command) in Self.cases {
            let reply = try drover.command(Self.substitute(command, spread))
            #expect(reply == .error("CROSSSLOT drover: keys of '\(command[0])' are on different shards; put them under one hash tag"),
                    "\(command[0]): \(reply)")
        }
        for shard in cluster.shards.indices {
            #expect(try cluster.backend(shard).command("DBSIZE") == .integer(0), "nothing ran on shard \(shard)")
        }

        for (index, (setup, command)) in Self.cases.enumerated() {
            let tagged = ["{t\(index)}1", "{t\(index)}2", "{t\(index)}3"]
            try expectSameReplies((setup + [command]).map { Self.substitute($0, tagged) }, drover: drover, redis: single,
                                  unordered: true)
            // What the command left in its keys.
            let reads = tagged.flatMap { key -> [[String]] in
                [["TYPE", key], ["GET", key], ["LRANGE", key, "0", "-1"], ["SMEMBERS", key],
                 ["ZRANGE", key, "0", "-1", "WITHSCORES"]]
            }
            try expectSameReplies(reads, drover: drover, redis: single, unordered: true)
        }
    }
}
