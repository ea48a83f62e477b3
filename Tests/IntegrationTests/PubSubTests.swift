import Foundation
import Testing

/// Pub/sub over shards, as a RESP2 client sees it (redis-py's RESP3 pub/sub is in
/// CacheClientTests).
@Suite("Pub/sub")
struct PubSubTests {
    static func message(_ words: [String], count: Int? = nil) -> RESPReply {
        .array(words.map { .bulk($0) } + (count.map { [.integer($0)] } ?? []))
    }

    @Test("channels on every shard: confirmations counted as Redis counts, messages from each shard")
    func subscribeAcrossShards() throws {
        let beside = try BesideRedis()
        defer { beside.stop() }
        let (subscriber, single) = (beside.drover, beside.single)
        let publisher = try beside.cluster.connect()

        // Same sequence against one Redis: same replies (a, foo, alpha are on shards 0, 1, 2).
        let sequence: [[String]] = [["SUBSCRIBE", "a", "foo"], ["PSUBSCRIBE", "a*"], ["SSUBSCRIBE", "alpha"],
                                    ["SUBSCRIBE", "a", "alpha"], ["GET", "a"], ["PING"], ["PING", "x"]]
        for command in sequence {
            try subscriber.send(command: command)
            try single.send(command: command)
        }
        let expectedReplies = 2 + 1 + 1 + 2 + 1 + 1 + 1
        for index in 0..<expectedReplies {
            let fromDrover = try subscriber.readReply()
            let fromRedis = try single.readReply()
            #expect(fromDrover == fromRedis, "reply \(index): drover \(fromDrover), Redis \(fromRedis)")
        }

        #expect(try publisher.command("PUBLISH", "foo", "hello") == .integer(1))
        #expect(try subscriber.readReply() == Self.message(["message", "foo", "hello"]))
        #expect(try publisher.command("PUBLISH", "alpha", "x") == .integer(2), "the channel and the pattern a*")
        let two = [try subscriber.readReply(), try subscriber.readReply()]
        #expect(two.contains(Self.message(["message", "alpha", "x"])), "\(two)")
        #expect(two.contains(Self.message(["pmessage", "a*", "alpha", "x"])), "\(two)")
        #expect(try publisher.command("SPUBLISH", "alpha", "s") == .integer(1))
        #expect(try subscriber.readReply() == Self.message(["smessage", "alpha", "s"]))

        // Unsubscribing from everything ends subscribed mode.
        #expect(try subscriber.command("UNSUBSCRIBE", "foo") == Self.message(["unsubscribe", "foo"], count: 3))
        #expect(try publisher.command("PUBLISH", "foo", "gone") == .integer(0))
        #expect(try subscriber.command("PUNSUBSCRIBE") == Self.message(["punsubscribe", "a*"], count: 2))
        // Unsubscribing from all: one confirmation per channel, in no set order, counting down.
        try subscriber.send(command: ["UNSUBSCRIBE"])
        let left = [try subscriber.readReply(), try subscriber.readReply()]
        #expect(left == [Self.message(["unsubscribe", "a"], count: 1), Self.message(["unsubscribe", "alpha"], count: 0)]
                || left == [Self.message(["unsubscribe", "alpha"], count: 1), Self.message(["unsubscribe", "a"], count: 0)],
                "\(left)")
        #expect(try subscriber.command("SUNSUBSCRIBE") == Self.message(["sunsubscribe", "alpha"], count: 0))
        #expect(try subscriber.command("SET", "a", "1") == .simple("OK"))
        #expect(try publisher.command("PUBLISH", "alpha", "nobody") == .integer(0))
    }

    @Test("a pattern receives messages published on every shard")
    func patternOnEveryShard() throws {
        let cluster = try Cluster.tagged()
        defer { cluster.stop() }
        let subscriber = try cluster.connect()
        let publisher = try cluster.connect()
        #expect(try subscriber.command("PSUBSCRIBE", "*") == Self.message(["psubscribe", "*"], count: 1))
        for channel in GoldenPlacement.onePerShard {
            #expect(try publisher.command("PUBLISH", channel, "to-\(channel)") == .integer(1))
            #expect(try subscriber.readReply() == Self.message(["pmessage", "*", channel, "to-\(channel)"]))
        }
        #expect(try subscriber.command("RESET") == .simple("RESET"))
        #expect(try publisher.command("PUBLISH", "a", "after reset") == .integer(0))
        #expect(try subscriber.command("GET", "a") == .null)
    }
}
