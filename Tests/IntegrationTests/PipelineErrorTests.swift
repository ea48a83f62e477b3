import Foundation
import Testing

/// One bad request in a pipeline affects only itself (unsupported command) or only what
/// follows it (malformed frame, which closes the connection as Redis does).
@Suite("Errors inside a pipeline")
struct PipelineErrorTests {
    private static let before: [[String]] = [["SET", "a", "1"], ["SET", "foo", "2"], ["MGET", "a", "foo"]]
    private static let beforeReplies = "+OK\r\n+OK\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n"

    @Test("an unsupported command answers -ERR naming it; the replies around it are intact",
          arguments: [["CONFIG", "GET", "x"], ["MONITOR"], ["SHUTDOWN"], ["DEBUG", "SLEEP", "0"]])
    func unsupportedCommandInPipeline(command: [String]) throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let connection = try cluster.connect()

        let after: [[String]] = [["GET", "foo"], ["PING"]]
        try connection.send((Self.before + [command] + after).flatMap(RESPReply.encodeCommand))

        #expect(try connection.readRawReplies(Self.before.count) == Array(Self.beforeReplies.utf8))
        let error = try connection.readReply()
        #expect(error.text?.hasPrefix("ERR drover: ") == true && error.isError, "\(error)")
        #expect(error.text?.uppercased().contains(command[0]) == true, "\(error) should name \(command[0])")
        #expect(try connection.readRawReplies(after.count) == Array("$1\r\n2\r\n+PONG\r\n".utf8))

        #expect(try connection.command("GET", "a") == .bulk("1"), "the connection stays usable")
        if command[0] == "SHUTDOWN" {
            #expect(try cluster.backend(0).command("PING") == .simple("PONG"), "SHUTDOWN must not reach a backend")
        }
    }

    @Test("a malformed request gets -ERR Protocol error and the connection is closed",
          arguments: ["*1\r\n$x\r\n", "*1\r\n$-5\r\n", "*3000000000\r\n", "*1\r\n+PING\r\n"])
    func malformedRequestInPipeline(frame: String) throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let connection = try cluster.connect()

        // One write, so the good requests and the bad one arrive in the same read.
        try connection.send(Self.before.flatMap(RESPReply.encodeCommand) + Array((frame + "*1\r\n$4\r\nPING\r\n").utf8))

        #expect(try connection.readRawReplies(Self.before.count) == Array(Self.beforeReplies.utf8))
        let error = try connection.readReply()
        #expect(error.isError && error.text?.hasPrefix("ERR Protocol error") == true, "\(error)")
        let rest = connection.readUntilClosed(timeout: 5)
        #expect(rest != nil, "drover should close the connection after a protocol error")
        let extra = String(decoding: rest ?? [], as: UTF8.self)
        #expect(rest == [], "nothing may follow the protocol error, got \(extra.debugDescription)")

        let other = try cluster.connect()
        #expect(try other.command("MGET", "a", "foo") == .array([.bulk("1"), .bulk("2")]),
                "other clients are unaffected")
        let info = try other.command("INFO", "clients").text ?? ""
        #expect(info.contains("protocol_error_disconnections:1\r\n"), "counted once in INFO: \(info)")
    }
}
