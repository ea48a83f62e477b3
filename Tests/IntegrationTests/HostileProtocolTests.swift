import Foundation
import Testing

/// The hostile inputs of Redis's tests/unit/protocol.tcl (and auth.tcl's limits before
/// AUTH), sent to drover: each gets Redis's error reply and a closed connection, and a
/// second client connected all along keeps working.
@Suite("Hostile requests (Redis's protocol.tcl)")
struct HostileProtocolTests {
    /// A malformed request: the error reply drover must give before it closes.
    struct BadRequest: CustomTestStringConvertible, Sendable {
        let name: String
        let bytes: [UInt8]
        let error: String
        /// More pool settings the case needs.
        var settings: [String] = []
        var testDescription: String { name }
    }

    static let setX = "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n"

    static let badRequests: [BadRequest] = [
        BadRequest(name: "out of range multibulk length", bytes: Array("*3000000000\r\n".utf8),
                   error: "ERR Protocol error: invalid multibulk length"),
        BadRequest(name: "wrong multibulk payload header", bytes: Array((setX + "fooz\r\n").utf8),
                   error: "ERR Protocol error: expected '$', got 'f'"),
        BadRequest(name: "negative multibulk payload length", bytes: Array((setX + "$-10\r\n").utf8),
                   error: "ERR Protocol error: invalid bulk length"),
        BadRequest(name: "out of range multibulk payload length", bytes: Array((setX + "$2000000000\r\n").utf8),
                   error: "ERR Protocol error: invalid bulk length"),
        BadRequest(name: "non-number multibulk payload length", bytes: Array((setX + "$blabla\r\n").utf8),
                   error: "ERR Protocol error: invalid bulk length"),
        BadRequest(name: "multibulk request not followed by bulk arguments", bytes: Array("*1\r\nfoo\r\n".utf8),
                   error: "ERR Protocol error: expected '$', got 'f'"),
        BadRequest(name: "unbalanced single quotes", bytes: Array("set foo 'b'a'r\r\nping\r\n".utf8),
                   error: "ERR Protocol error: unbalanced quotes in request"),
        BadRequest(name: "unbalanced double quotes", bytes: Array("set foo \"b\"a\"r\r\nping\r\n".utf8),
                   error: "ERR Protocol error: unbalanced quotes in request"),
        BadRequest(name: "nested multibulk", bytes: Array("*1\r\n*1\r\n$4\r\nPING\r\n".utf8),
                   error: "ERR Protocol error: expected '$', got '*'"),
        BadRequest(name: "bulk not followed by CRLF", bytes: Array("*1\r\n$4\r\nPINGxy".utf8),
                   error: "ERR Protocol error: invalid CRLF in request"),
        BadRequest(name: "header CR not followed by LF", bytes: Array("*1\rx$4\r\nPING\r\n".utf8),
                   error: "ERR Protocol error: invalid CRLF in request"),
        BadRequest(name: "bulk over max_request_size", bytes: Array((setX + "$2000000\r\n").utf8),
                   error: "ERR Protocol error: invalid bulk length", settings: ["max_request_size: 1mb"]),
        BadRequest(name: "inline line over 64 KiB", bytes: [UInt8](repeating: UInt8(ascii: "a"), count: 70_000),
                   error: "ERR Protocol error: too big inline request"),
        BadRequest(name: "multibulk count line over 64 KiB", bytes: Array("*".utf8) + [UInt8](repeating: 49, count: 70_000),
                   error: "ERR Protocol error: too big mbulk count string"),
        BadRequest(name: "more than 10 arguments before AUTH", bytes: Array("*100\r\n".utf8),
                   error: "ERR Protocol error: unauthenticated multibulk length", settings: ["client_password: secret"]),
        BadRequest(name: "bulk over 16 KiB before AUTH", bytes: Array("*1\r\n$100000000\r\n".utf8),
                   error: "ERR Protocol error: unauthenticated bulk length", settings: ["client_password: secret"]),
    ]

    @Test("a malformed request gets Redis's error and a close; another client is unaffected",
          arguments: badRequests)
    func badRequest(_ bad: BadRequest) throws {
        let cluster = try Cluster { $0.extraLines = bad.settings }
        defer { cluster.stop() }
        let other = try Bystander(cluster, password: bad.settings.contains("client_password: secret") ? "secret" : nil)

        let connection = try cluster.connect()
        try connection.send(bad.bytes)
        let reply = try connection.readReply()
        #expect(reply == .error(bad.error))
        #expect(connection.readUntilClosed(timeout: 5) == [], "drover must close the connection after the error")

        try other.stillWorks()
    }

    /// protocol.tcl "Protocol desync regression test #1-#4": a first line that never ends
    /// (a NUL hides any later newline from Redis), then 1 KiB after 1 KiB of data.
    @Test("a line that never ends is cut off at 64 KiB with a protocol error",
          arguments: ["\u{0}", "*\u{0}", "$\u{0}", "*1\r\n$\u{0}"])
    func protocolDesync(start: String) throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let other = try Bystander(cluster)

        let connection = try cluster.connect()
        try connection.send(start)
        let payload = [UInt8](repeating: UInt8(ascii: "A"), count: 1024)
        var sent = 0
        while sent <= 66 * 1024 {
            do { try connection.send(payload) } catch { break }
            sent += payload.count
        }
        let reply = try connection.readReply()
        #expect(reply.isError && reply.text?.hasPrefix("ERR Protocol error: too big") == true, "\(reply)")
        #expect(connection.readUntilClosed(timeout: 5) != nil, "drover must close the connection")

        try other.stillWorks()
    }

    /// Inputs Redis ignores or answers without closing: so must drover.
    @Test("empty queries, negative and zero counts, wrong arity: answered, connection kept",
          arguments: [
            ("\r\n*1\r\n$4\r\nPING\r\n", "+PONG\r\n"),
            ("*-10\r\n*1\r\n$4\r\nPING\r\n", "+PONG\r\n"),
            ("*0\r\nPING\r\n", "+PONG\r\n"),
            ("*4\r\n$4\r\nPING\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n", "-ERR wrong number of arguments for 'ping' command\r\n"),
          ])
    func survivable(input: String, expected: String) throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let other = try Bystander(cluster)

        let connection = try cluster.connect()
        try connection.send(input)
        #expect(try connection.readRawReplies(1) == Array(expected.utf8))
        #expect(try connection.command("PING") == .simple("PONG"), "the connection stays usable")

        try other.stillWorks()
    }

    @Test("protocol.tcl 'test large number of args': MSET of 10,000 pairs across shards")
    func largeNumberOfArgs() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let other = try Bystander(cluster)

        let connection = try cluster.connect()
        var arguments = ["MSET"]
        for i in 0..<10_000 { arguments += ["k\(i)", "v\(i)"] }
        arguments += ["{k}2", "v2"]
        try connection.send(command: arguments)
        #expect(try connection.readReply() == .simple("OK"))
        #expect(try connection.command("GET", "{k}2") == .bulk("v2"))
        #expect(try connection.command("MGET", "k0", "k4999", "k9999") == .array([.bulk("v0"), .bulk("v4999"), .bulk("v9999")]))

        try other.stillWorks()
    }

    @Test("a reply nested 5,000 deep (EVAL) passes byte for byte; others on that shard are unaffected")
    func deeplyNestedReply() throws {
        let cluster = try Cluster(shards: 1)
        defer { cluster.stop() }
        let other = try Bystander(cluster)

        // Built at run time: Lua's parser refuses about 200 nested braces in source text.
        let depth = 5000
        let script = "local t = 1; for i = 1, \(depth) do t = {t} end; return t"
        let expected = Array((String(repeating: "*1\r\n", count: depth) + ":1\r\n").utf8)
        let connection = try cluster.connect()
        // The other client's requests share the backend connection with the deep reply.
        try other.connection.send(command: ["SET", "during", "eval"])
        try connection.send(command: ["EVAL", script, "0"])
        try other.connection.send(command: ["GET", "during"])
        #expect(try connection.readBytes(expected.count) == expected)
        #expect(try other.connection.readReply() == .simple("OK"))
        #expect(try other.connection.readReply() == .bulk("eval"))
        #expect(try connection.command("PING") == .simple("PONG"))

        try other.stillWorks()
    }
}

/// A client connected before the hostile one and used again after it: it must see its
/// own replies only, on every shard.
struct Bystander {
    let cluster: Cluster
    let connection: RESPConnection
    let tag = UUID().uuidString.prefix(8)

    init(_ cluster: Cluster, password: String? = nil, using existing: RESPConnection? = nil) throws {
        self.cluster = cluster
        connection = try existing ?? cluster.connect()
        if let password { #expect(try connection.command("AUTH", password) == .simple("OK")) }
        let keys = GoldenPlacement.onePerShard
        let replies = try connection.pipeline(keys.map { ["SET", "bystander:\($0)", "\(tag)-\($0)"] })
        #expect(replies == Array(repeating: .simple("OK"), count: keys.count))
    }

    /// Reads back what it wrote, and (if `newClientServed`) a new connection works too.
    func stillWorks(newClientServed: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let keys = GoldenPlacement.onePerShard
        let expected = RESPReply.array(keys.map { .bulk("\(tag)-\($0)") })
        #expect(try connection.command("MGET", "bystander:a", "bystander:foo", "bystander:alpha") == expected,
                "a client connected all along is unaffected", sourceLocation: sourceLocation)
        #expect(try connection.command("PING") == .simple("PONG"), sourceLocation: sourceLocation)
        guard newClientServed else { return }
        let fresh = try cluster.connect()
        let ping = try fresh.command("PING")
        #expect(ping == .simple("PONG") || ping.text?.hasPrefix("NOAUTH") == true,
                "a new client is served", sourceLocation: sourceLocation)
    }
}
