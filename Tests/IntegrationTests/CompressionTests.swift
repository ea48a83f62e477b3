import Foundation
import Testing

/// `compression`: large values are stored deflated and read back byte for byte; values
/// stored before (or beside) drover read back unchanged.
@Suite("Compression and the value envelope")
struct CompressionTests {
    static let pool = ["compression: {min_size: 1024, level: 6}", "herd_timeout: 10"]

    /// 100 KB of text that deflates well but not trivially.
    static let bigValue: [UInt8] = Array((0..<4_000).map { "row \($0 % 997): drover compresses this value \($0 * 7919 % 1000)\n" }
        .joined().utf8.prefix(102_400))

    @Test("a 100 KB value is stored smaller and reads back identical through GET, MGET, GETEX and GETDEL")
    func bigValueRoundTrip() throws {
        let cluster = try Cluster { $0.extraLines = Self.pool }
        defer { cluster.stop() }
        let client = try cluster.connect()
        let key = Array("big".utf8)
        #expect(try client.command(bytes: [Array("SET".utf8), key, Self.bigValue]) == .simple("OK"))

        let holders = try cluster.shardsHolding("big")
        #expect(holders.count == 1)
        let backend = try RESPConnection(port: cluster.shards[holders[0]].port)
        let storedLength = try backend.command("STRLEN", "big").integer ?? 0
        #expect(storedLength > 0 && storedLength < Self.bigValue.count / 4, "stored \(storedLength) bytes")
        #expect(try backend.command("GETRANGE", "big", "0", "3") == .bulk([0xFF, 0x44, 0x52, 0x56]))

        #expect(try client.command("GET", "big") == .bulk(Self.bigValue))
        #expect(try client.command("SET", "small", "s") == .simple("OK"))
        #expect(try client.command("MGET", "foo", "big", "small", "big")
                == .array([.null, .bulk(Self.bigValue), .bulk("s"), .bulk(Self.bigValue)]))
        #expect(try client.command("GETEX", "big", "EX", "100") == .bulk(Self.bigValue))
        #expect(try client.command("GETSET", "big", "replaced") == .bulk(Self.bigValue))
        #expect(try client.command(bytes: [Array("SET".utf8), key, Self.bigValue, Array("EX".utf8), Array("100".utf8)])
                == .simple("OK"))
        #expect(try client.command("GETDEL", "big") == .bulk(Self.bigValue))
        #expect(try client.command("GET", "big") == .null)

        // MSET across shards, each value compressed on its own shard.
        let keys = ["a", "foo", "alpha", "zeta"]
        #expect(try client.command(bytes: [Array("MSET".utf8)] + keys.flatMap { [Array($0.utf8), Self.bigValue] })
                == .simple("OK"))
        #expect(try client.command(bytes: [Array("MGET".utf8)] + keys.map { Array($0.utf8) })
                == .array(keys.map { _ in .bulk(Self.bigValue) }))
        #expect(try client.command("SETEX", "ex", "100", String(decoding: Self.bigValue, as: UTF8.self)) == .simple("OK"))
        #expect(try client.command("GET", "ex") == .bulk(Self.bigValue))
    }

    @Test("inside MULTI/EXEC (and after WATCH) values are stored compressed and read back identical")
    func transactions() throws {
        let cluster = try Cluster {
            $0.extraLines = Self.pool
            $0.hashTag = "{}"
        }
        defer { cluster.stop() }
        let client = try cluster.connect()
        let big = Self.bigValue
        // {t} keeps every key of the transaction on one shard.
        let keys = ["{t}big", "{t}small"].map { Array($0.utf8) }
        let replies = try client.pipeline(bytes: [
            ["MULTI"].map { Array($0.utf8) },
            [Array("SET".utf8), keys[0], big],
            [Array("SET".utf8), keys[1], Array("s".utf8)],
            [Array("GET".utf8), keys[0]],
            [Array("MGET".utf8), keys[0], keys[1]],
            [Array("GETEX".utf8), keys[0], Array("EX".utf8), Array("100".utf8)],
            [Array("GETSET".utf8), keys[1], big],
            [Array("EXEC".utf8)],
        ])
        #expect(replies.prefix(7) == [.simple("OK")] + Array(repeating: .simple("QUEUED"), count: 6))
        #expect(replies.last == .array([.simple("OK"), .simple("OK"), .bulk(big), .array([.bulk(big), .bulk("s")]),
                                        .bulk(big), .bulk("s")]))
        let holder = try #require(try cluster.shardsHolding("{t}big").first)
        let backend = try RESPConnection(port: cluster.shards[holder].port)
        for key in ["{t}big", "{t}small"] {
            let stored = try backend.command("STRLEN", key).integer ?? 0
            #expect(stored > 0 && stored < big.count / 4, "\(key) stored \(stored) bytes")
        }
        #expect(try client.command("WATCH", "{t}big") == .simple("OK"))
        #expect(try client.command("MULTI") == .simple("OK"))
        #expect(try client.command("GETDEL", "{t}big") == .simple("QUEUED"))
        #expect(try client.command("STRLEN", "{t}small") == .simple("QUEUED"))
        let exec = try client.command("EXEC")
        guard case .array(let elements) = exec, elements.count == 2 else {
            Issue.record("EXEC answered \(exec)")
            return
        }
        #expect(elements[0] == .bulk(big))
        #expect(elements[1].isError && elements[1].text?.contains("'compression'") == true, "\(elements[1])")
    }

    @Test("keys written without drover's envelope read back unchanged, whatever their bytes")
    func valuesFromBefore() throws {
        let cluster = try Cluster { $0.extraLines = Self.pool }
        defer { cluster.stop() }
        let values: [(String, [UInt8])] = [
            ("plain", Array("hello".utf8)), ("big", Self.bigValue), ("number", Array("12345".utf8)),
            ("binary", [0xFE, 0x00, 0x44, 0x52, 0x56, 0x01, 0x02]), ("almost", [0xFF, 0x44, 0x52, 0x56, 9, 9]),
            ("empty", []),
        ]
        // Written straight to every backend, as an application did before drover had the feature.
        for shard in cluster.shards {
            let direct = try RESPConnection(port: shard.port)
            for (key, value) in values {
                #expect(try direct.command(bytes: [Array("SET".utf8), Array(key.utf8), value]) == .simple("OK"))
            }
        }
        let client = try cluster.connect()
        for (key, value) in values {
            #expect(try client.command("GET", key) == .bulk(value), "\(key)")
        }
        #expect(try client.command("MGET", "plain", "big", "almost") == .array([.bulk(values[0].1), .bulk(Self.bigValue), .bulk(values[4].1)]))
        #expect(try client.command("STRLEN", "big") == .integer(Self.bigValue.count), "raw values keep every command")
        #expect(try client.command("GETDEL", "binary") == .bulk(values[3].1))
    }

    @Test("content commands work on raw values and refuse enveloped ones, naming the pool option; counters keep counting")
    func contentCommands() throws {
        let cluster = try Cluster(shards: 1) { $0.extraLines = Self.pool }
        defer { cluster.stop() }
        let client = try cluster.connect()
        let big = String(decoding: Self.bigValue, as: UTF8.self)

        #expect(try client.command("SET", "counter", "10", "EX", "100") == .simple("OK"))
        #expect(try client.command("INCR", "counter") == .integer(11))
        #expect(try client.command("INCRBY", "counter", "5") == .integer(16))
        #expect(try client.command("DECR", "counter") == .integer(15))
        #expect(try client.command("INCRBYFLOAT", "counter", "0.5") == .bulk("15.5"))
        #expect((99...100).contains(try client.command("TTL", "counter").integer ?? 0))

        #expect(try client.command("SET", "raw", "abc") == .simple("OK"))
        #expect(try client.command("APPEND", "raw", "def") == .integer(6))
        #expect(try client.command("STRLEN", "raw") == .integer(6))
        #expect(try client.command("GETRANGE", "raw", "1", "3") == .bulk("bcd"))
        #expect(try client.command("SETRANGE", "raw", "0", "X") == .integer(6))
        #expect(try client.command("SETBIT", "raw", "0", "1") == .integer(0))
        #expect(try client.command("GETBIT", "raw", "0") == .integer(1))
        #expect(try client.command("BITCOUNT", "raw") != .integer(0))
        #expect(try client.command("OBJECT", "ENCODING", "raw") == .bulk("raw"))
        #expect(try client.command("SET", "raw2", "abd") == .simple("OK"))
        #expect(try client.command("LCS", "raw2", "raw2") == .bulk("abd"))

        #expect(try client.command("SET", "packed", big) == .simple("OK"))
        #expect(try client.command("SET", "timed", "v", "EX", "100") == .simple("OK"))
        for (command, option) in [(["APPEND", "packed", "x"], "'compression'"), (["STRLEN", "packed"], "'compression'"),
                                  (["GETRANGE", "packed", "0", "3"], "'compression'"), (["DUMP", "packed"], "'compression'"),
                                  (["SETRANGE", "timed", "0", "x"], "'herd_timeout'"), (["BITCOUNT", "timed"], "'herd_timeout'"),
                                  (["OBJECT", "ENCODING", "timed"], "'herd_timeout'"), (["LCS", "raw2", "timed"], "'herd_timeout'"),
                                  (["INCR", "timed"], "not an integer")] {
            let reply = try client.command(bytes: command.map { Array($0.utf8) })
            #expect(reply.isError && reply.text?.contains(option) == true, "\(command): \(reply)")
        }
        #expect(try client.command("GET", "packed") == .bulk(Self.bigValue), "refused commands change nothing")
        #expect(try client.command("GET", "timed") == .bulk("v"))

        // A write that would leave the magic bytes at the front of a raw value escapes it.
        #expect(try client.command(bytes: [Array("SETRANGE".utf8), Array("m".utf8), Array("0".utf8), [0xFF, 0x44, 0x52, 0x56]])
                == .integer(4))
        #expect(try client.command("GET", "m") == .bulk([0xFF, 0x44, 0x52, 0x56]))
        #expect(try RESPConnection(port: cluster.shards[0].port).command("STRLEN", "m") == .integer(22))

        // DUMP and RESTORE of a raw value.
        guard case .bulk(let dump) = try client.command("DUMP", "raw2") else {
            Issue.record("DUMP of a raw value failed")
            return
        }
        #expect(try client.command(bytes: [Array("RESTORE".utf8), Array("copy".utf8), Array("0".utf8), dump]) == .simple("OK"))
        #expect(try client.command("GET", "copy") == .bulk("abd"))
    }

    @Test("the script is loaded on connect, called by SHA, and sent again as EVAL after SCRIPT FLUSH")
    func scriptLoading() throws {
        let cluster = try Cluster(shards: 1) { $0.extraLines = Self.pool }
        defer { cluster.stop() }
        let client = try cluster.connect()
        let backend = try RESPConnection(port: cluster.shards[0].port)
        #expect(try client.command("SET", "k", "v", "EX", "100") == .simple("OK"))
        #expect((99...100).contains(try client.command("TTL", "k").integer ?? 0))
        #expect(try Self.info(backend, "number_of_cached_scripts") == "1")
        #expect(try backend.command("SCRIPT", "FLUSH") == .simple("OK"))
        #expect((99...100).contains(try client.command("TTL", "k").integer ?? 0))
        #expect(try client.command("APPEND", "raw", "x") == .integer(1))
        #expect(try Self.info(backend, "number_of_cached_scripts") == "1")
        let stats = try backend.command("INFO", "commandstats").text ?? ""
        #expect(stats.contains("cmdstat_evalsha:calls="), "\(stats)")
        #expect(stats.contains("cmdstat_eval:calls=1,"), "EVAL only once, after the flush: \(stats)")
    }

    private static func info(_ connection: RESPConnection, _ field: String) throws -> String? {
        let text = try connection.command("INFO").text ?? ""
        return text.split(separator: "\r\n").first { $0.hasPrefix(field + ":") }.map { String($0.split(separator: ":")[1]) }
    }
}
