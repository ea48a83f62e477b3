import Foundation
import Testing

/// Commands drover answers itself.
@Suite("Local commands")
struct LocalCommandTests {
    @Test("PING, ECHO, inline PING, SELECT, HELLO, CLIENT, COMMAND, QUIT")
    func localCommands() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let connection = try cluster.connect()

        #expect(try connection.command("PING") == .simple("PONG"))
        #expect(try connection.command("PING", "hi there") == .bulk("hi there"))
        #expect(try connection.command("ECHO", "hello") == .bulk("hello"))
        try connection.send("PING\r\n")
        #expect(try connection.readRawReplies(1) == Array("+PONG\r\n".utf8), "inline commands work")

        #expect(try connection.command("SELECT", "0") == .simple("OK"))
        let select1 = try connection.command("SELECT", "1")
        #expect(select1.isError, "\(select1)")

        let hello4 = try connection.command("HELLO", "4")
        #expect(hello4.isError && hello4.text?.hasPrefix("NOPROTO") == true, "\(hello4)")
        let hello2 = try connection.command("HELLO", "2")
        if case .array(let fields) = hello2 {
            #expect(fields.count % 2 == 0 && fields.count >= 2, "\(hello2)")
        } else {
            Issue.record("HELLO 2 should answer an array, got \(hello2)")
        }

        #expect(try connection.command("CLIENT", "SETINFO", "lib-name", "redis-py") == .simple("OK"))
        #expect(try connection.command("CLIENT", "SETINFO", "lib-ver", "5.0.1") == .simple("OK"))
        #expect(try connection.command("CLIENT", "SETNAME", "worker-1") == .simple("OK"))
        #expect(try connection.command("CLIENT", "GETNAME") == .bulk("worker-1"))
        let id = try connection.command("CLIENT", "ID")
        if case .integer(let value) = id { #expect(value > 0) } else { Issue.record("CLIENT ID: \(id)") }

        let count = try connection.command("COMMAND", "COUNT")
        if case .integer(let value) = count { #expect(value > 0) } else { Issue.record("COMMAND COUNT: \(count)") }
        let info = try connection.command("COMMAND", "INFO", "get")
        #expect(!info.isError, "\(info)")

        #expect(try connection.command("SET", "after-local", "ok") == .simple("OK"))
        #expect(try connection.command("GET", "after-local") == .bulk("ok"))

        #expect(try connection.command("QUIT") == .simple("OK"))
        #expect(connection.readUntilClosed(timeout: 5) == [], "QUIT closes the connection")
    }

    @Test("--version prints a version and exits 0")
    func version() throws {
        let result = try CommandRunner.run(try TestEnvironment.droverBinary(), ["--version"], timeout: 30)
        #expect(result.succeeded, "\(result.output)")
        #expect(!result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(result.output)")
    }

    @Test("SIGINT stops drover with exit status 0", .timeLimit(.minutes(1)))
    func sigint() throws {
        let cluster = try Cluster(shards: 1)
        defer { cluster.stop() }
        #expect(try cluster.connect().command("SET", "k", "v") == .simple("OK"))
        #expect(cluster.drover.stop(signal: SIGINT) == .exited(0))
    }
}
