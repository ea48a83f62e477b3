import Foundation
import Testing

/// Commands that concern every shard, with the shards' replies merged.
@Suite("Fan-out commands")
struct FanoutTests {
    @Test("KEYS, DBSIZE, RANDOMKEY, TIME, INFO keyspace, FLUSHDB, FLUSHALL over three shards")
    func mergedReplies() throws {
        let cluster = try Cluster.tagged()
        defer { cluster.stop() }
        let connection = try cluster.connect()
        #expect(try connection.command("RANDOMKEY") == .null)
        // Named to land on every shard: "a", "foo", "alpha" are on shards 0, 1, 2.
        let keys = (0..<37).map { "fan:\($0)" } + GoldenPlacement.onePerShard.map { "fan:{\($0)}" }
        #expect(try connection.command(["MSET"] + keys.flatMap { [$0, "v"] }) == .simple("OK"))
        #expect(try connection.command("EXPIRE", "fan:{a}", "100") == .integer(1))
        for shard in cluster.shards.indices {
            guard case .integer(let count) = try cluster.backend(shard).command("DBSIZE") else { continue }
            #expect(count > 0, "every shard holds some of the keys")
        }

        guard case .array(let listed) = try connection.command("KEYS", "fan:*") else {
            Issue.record("KEYS did not answer an array")
            return
        }
        #expect(listed.compactMap(\.text).sorted() == keys.sorted())
        #expect(try connection.command("DBSIZE") == .integer(40))
        guard case .bulk(let random) = try connection.command("RANDOMKEY") else {
            Issue.record("RANDOMKEY found nothing")
            return
        }
        #expect(keys.contains(String(decoding: random, as: UTF8.self)))
        guard case .array(let time) = try connection.command("TIME") else {
            Issue.record("TIME did not answer an array")
            return
        }
        #expect(time.count == 2)

        guard case .bulk(let info) = try connection.command("INFO", "keyspace") else {
            Issue.record("INFO keyspace did not answer a bulk string")
            return
        }
        let text = String(decoding: info, as: UTF8.self)
        #expect(text.hasPrefix("# Keyspace\r\ndb0:keys=40,expires=1,avg_ttl="), "\(text)")
        guard case .bulk(let all) = try connection.command("INFO") else { return }
        let allText = String(decoding: all, as: UTF8.self)
        #expect(allText.contains("# Server") && allText.contains("# Keyspace\r\ndb0:keys=40,"), "\(allText)")

        #expect(try connection.command("FLUSHDB") == .simple("OK"))
        #expect(try connection.command("DBSIZE") == .integer(0))
        #expect(try connection.command("SET", "a", "1") == .simple("OK"))
        #expect(try connection.command("FLUSHALL", "SYNC") == .simple("OK"))
        #expect(try connection.command("KEYS", "*") == .array([]))
        #expect(try connection.command("FLUSHDB", "NOW").isError)
    }

    @Test("SCAN visits every shard once, each key once, and ends at cursor 0")
    func scan() throws {
        let cluster = try Cluster.tagged()
        defer { cluster.stop() }
        let connection = try cluster.connect()
        let keys = (0..<500).map { "scan:\($0)" }
        #expect(try connection.command(["MSET"] + keys.flatMap { [$0, "v"] }) == .simple("OK"))
        #expect(try connection.command("SADD", "scan:set", "m") == .integer(1))

        var cursor = "0"
        var seen: [String] = []
        var calls = 0
        repeat {
            guard case .array(let reply) = try connection.command("SCAN", cursor, "MATCH", "scan:*", "COUNT", "37", "TYPE", "string"),
                  reply.count == 2, let next = reply[0].text, case .array(let batch) = reply[1] else {
                Issue.record("bad SCAN reply")
                return
            }
            seen += batch.compactMap(\.text)
            cursor = next
            calls += 1
        } while cursor != "0" && calls < 1000
        #expect(cursor == "0")
        #expect(seen.count == keys.count, "each key exactly once")
        #expect(Set(seen) == Set(keys))

        // After the first shard is done, the cursor names the second shard (1 = shard 1, cursor 0).
        #expect(try connection.command("SCAN", "1", "COUNT", "1000") != .error("ERR invalid cursor"))
        #expect(try connection.command("SCAN", "3") == .error("ERR invalid cursor"))
        #expect(try connection.command("SCAN", "abc") == .error("ERR invalid cursor"))
    }
}
