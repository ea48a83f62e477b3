import DroverCore
import RESP
import Testing

@Suite struct ClientSessionTests {
    let router = Router(shards: threeShards())

    /// Runs `args` through the router and, if local, the session; returns the reply text.
    private func run(_ session: inout ClientSession, _ args: [String]) -> (String, SessionOutcome?) {
        withRequest(args) { request in
            if let refusal = session.admit(request) { return ("-\(refusal)\r\n", nil) }
            guard case .local(let command, let spec) = router.route(request) else {
                return ("<not local>", nil)
            }
            let out = ByteBuffer()
            let outcome = session.answer(command, spec: spec, request: request, into: out)
            return (text(out), outcome)
        }
    }

    private func session(password: String? = nil, db: Int = 0) -> ClientSession {
        ClientSession(id: 7, policy: SessionPolicy(password: password, database: db, version: "0.1.0"))
    }

    @Test func pingEchoQuit() {
        var s = session()
        #expect(run(&s, ["PING"]).0 == "+PONG\r\n")
        #expect(run(&s, ["ping", "hi"]).0 == "$2\r\nhi\r\n")
        #expect(run(&s, ["ECHO", "x y"]).0 == "$3\r\nx y\r\n")
        let quit = run(&s, ["QUIT"])
        #expect(quit.0 == "+OK\r\n")
        #expect(quit.1 == .replyAndClose)
    }

    @Test func droverAdminCommands() {
        var s = session()
        let help = run(&s, ["DROVER", "HELP"]).0
        #expect(help.hasPrefix("*9\r\n+DROVER <subcommand>"))
        for name in ["CONFIG", "GENERATION", "HELP", "RELOAD"] { #expect(help.contains("+\(name)\r\n"), "\(name)") }
        #expect(run(&s, ["DROVER", "NOPE"]).0 == "-ERR unknown subcommand 'NOPE'. Try DROVER HELP.\r\n")
        // RELOAD, CONFIG and GENERATION are the server's to answer (ClientConnection+Admin).
        #expect(run(&s, ["DROVER", "GENERATION"]).0 == "-ERR drover: DROVER GENERATION needs the running server\r\n")
    }

    @Test func selectAcceptsOnlyThePoolsDatabase() {
        var s = session(db: 3)
        #expect(run(&s, ["SELECT", "0"]).0 == "+OK\r\n")
        #expect(run(&s, ["SELECT", "3"]).0 == "+OK\r\n")
        #expect(run(&s, ["SELECT", "1"]).0.hasPrefix("-ERR drover: SELECT 1 is not possible"))
        #expect(run(&s, ["SELECT", "x"]).0 == "-ERR value is not an integer or out of range\r\n")
    }

    @Test func clientCommandsRedisPySends() {
        var s = session()
        #expect(run(&s, ["CLIENT", "SETINFO", "LIB-NAME", "redis-py"]).0 == "+OK\r\n")
        #expect(run(&s, ["CLIENT", "SETINFO", "LIB-VER", "5.0.1"]).0 == "+OK\r\n")
        #expect(run(&s, ["CLIENT", "SETINFO", "BOGUS", "1"]).0 == "-ERR Unrecognized option 'BOGUS'\r\n")
        #expect(run(&s, ["CLIENT", "GETNAME"]).0 == "$-1\r\n")
        #expect(run(&s, ["CLIENT", "SETNAME", "worker-1"]).0 == "+OK\r\n")
        #expect(run(&s, ["CLIENT", "GETNAME"]).0 == "$8\r\nworker-1\r\n")
        #expect(run(&s, ["CLIENT", "SETNAME", "has space"]).0.hasPrefix("-ERR Client names cannot contain spaces"))
        #expect(run(&s, ["CLIENT", "ID"]).0 == ":7\r\n")
    }

    @Test func helloNegotiatesResp2OrResp3() {
        var s = session()
        let hello = run(&s, ["HELLO", "2"]).0
        #expect(hello.hasPrefix("*16\r\n$6\r\nserver\r\n"))
        #expect(hello.contains("$5\r\nproto\r\n:2\r\n"))
        #expect(s.protocolVersion == 2)
        #expect(run(&s, ["CLIENT", "GETNAME"]).0 == "$-1\r\n")

        let hello3 = run(&s, ["HELLO", "3"]).0
        #expect(hello3.hasPrefix("%8\r\n$6\r\nserver\r\n"), "RESP3 answers HELLO with a map")
        #expect(hello3.contains("$5\r\nproto\r\n:3\r\n"))
        #expect(s.protocolVersion == 3)
        #expect(run(&s, ["CLIENT", "GETNAME"]).0 == "_\r\n", "RESP3 null")
        // HELLO without a version keeps the protocol and answers in it.
        #expect(run(&s, ["HELLO"]).0.hasPrefix("%8\r\n"))
        #expect(run(&s, ["RESET"]).0 == "+RESET\r\n")
        #expect(s.protocolVersion == 2)

        #expect(run(&s, ["HELLO", "4"]).0 == "-NOPROTO sorry, this protocol version is not supported\r\n")
        #expect(run(&s, ["HELLO", "x"]).0 == "-ERR Protocol version is not an integer or out of range\r\n")
    }

    @Test func passwordGatesEverythingButAuthHelloQuitPing() {
        var s = session(password: "s3cret")
        #expect(run(&s, ["GET", "k"]).0 == "-NOAUTH Authentication required.\r\n")
        #expect(run(&s, ["PING"]).0 == "+PONG\r\n")
        #expect(run(&s, ["AUTH", "wrong"]).0 == "-WRONGPASS invalid username-password pair or user is disabled.\r\n")
        #expect(!s.authenticated)
        #expect(run(&s, ["AUTH", "default", "s3cret"]).0 == "+OK\r\n")
        #expect(s.authenticated)
        #expect(run(&s, ["GET", "k"]).0 == "<not local>")
    }

    @Test func helloCanAuthenticate() {
        var s = session(password: "pw")
        #expect(run(&s, ["HELLO", "2", "AUTH", "default", "nope"]).0.hasPrefix("-WRONGPASS"))
        #expect(run(&s, ["HELLO", "2", "AUTH", "default", "pw", "SETNAME", "app"]).0.hasPrefix("*16\r\n"))
        #expect(s.authenticated)
        #expect(s.name == "app")
    }

    @Test func authWithoutConfiguredPasswordIsRedisError() {
        var s = session()
        #expect(run(&s, ["AUTH", "x"]).0.hasPrefix("-ERR AUTH <password> called without any password configured"))
    }

    @Test func constantTimeComparison() {
        #expect(constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!constantTimeEquals(Array("abc".utf8), Array("ab".utf8)))
        #expect(!constantTimeEquals([UInt8](repeating: 0xFF, count: 256), [UInt8]()))
    }
}
