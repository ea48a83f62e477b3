import Foundation
import Testing

/// `client_password`: what works before AUTH, the limits until then, and what a failed
/// AUTH leaves in the log.
@Suite("Client authentication")
struct AuthTests {
    static let password = "s3cret-Pa55"

    @Test("before AUTH only AUTH, HELLO with AUTH, QUIT and PING work; after it, everything")
    func onlyAuthBeforeAuth() throws {
        let cluster = try Cluster { $0.extraLines = ["client_password: \(Self.password)"] }
        defer { cluster.stop() }
        let connection = try cluster.connect()

        #expect(try connection.command("GET", "a") == .error("NOAUTH Authentication required."))
        #expect(try connection.command("SET", "a", "1") == .error("NOAUTH Authentication required."))
        #expect(try connection.command("CONFIG", "GET", "x") == .error("NOAUTH Authentication required."))
        #expect(try connection.command("PING") == .simple("PONG"))
        let hello = try connection.command("HELLO", "2")
        #expect(hello.text?.hasPrefix("NOAUTH HELLO must be called with the client already authenticated") == true, "\(hello)")
        #expect(try connection.command("AUTH", "wrong") == .error("WRONGPASS invalid username-password pair or user is disabled."))
        #expect(try connection.command("GET", "a") == .error("NOAUTH Authentication required."))
        #expect(try connection.command("AUTH", Self.password) == .simple("OK"))
        #expect(try connection.command("SET", "a", "1") == .simple("OK"))
        #expect(try connection.command("GET", "a") == .bulk("1"))

        let viaHello = try cluster.connect()
        let reply = try viaHello.command("HELLO", "2", "AUTH", "default", Self.password)
        if case .array(let fields) = reply { #expect(fields.count >= 2) } else { Issue.record("HELLO AUTH: \(reply)") }
        #expect(try viaHello.command("GET", "a") == .bulk("1"))

        let quitter = try cluster.connect()
        #expect(try quitter.command("QUIT") == .simple("OK"))
        #expect(quitter.readUntilClosed(timeout: 5) == [])
    }

    @Test("until AUTH, requests are capped at 10 arguments of 16 KiB; AUTH lifts the caps for the next request")
    func limitsBeforeAuth() throws {
        let cluster = try Cluster { $0.extraLines = ["client_password: \(Self.password)"] }
        defer { cluster.stop() }
        let other = try Bystander(cluster, password: Self.password)

        let eleven = ["MSET"] + (0..<5).flatMap { ["k\($0)", "v"] }  // 11 arguments
        let tooMany = try cluster.connect()
        try tooMany.send(command: eleven)
        #expect(try tooMany.readReply() == .error("ERR Protocol error: unauthenticated multibulk length"))
        #expect(tooMany.readUntilClosed(timeout: 5) == [])

        let tooBig = try cluster.connect()
        try tooBig.send(command: ["AUTH", String(repeating: "p", count: 16 * 1024 + 1)])
        #expect(try tooBig.readReply() == .error("ERR Protocol error: unauthenticated bulk length"))
        #expect(tooBig.readUntilClosed(timeout: 5) == [])

        // AUTH and the big requests in one write: AUTH runs before the next one is framed.
        let pipelined = try cluster.connect()
        let big = String(repeating: "v", count: 20_000)
        try pipelined.send(RESPReply.encodeCommand(["AUTH", Self.password]) + RESPReply.encodeCommand(eleven)
                           + RESPReply.encodeCommand(["SET", "big", big]) + RESPReply.encodeCommand(["GET", "big"]))
        #expect(try pipelined.readReply() == .simple("OK"))
        #expect(try pipelined.readReply() == .simple("OK"))
        #expect(try pipelined.readReply() == .simple("OK"))
        #expect(try pipelined.readReply() == .bulk(big))

        // RESET makes the client unauthenticated again, with the caps back.
        #expect(try pipelined.command("RESET") == .simple("RESET"))
        try pipelined.send(command: eleven)
        #expect(try pipelined.readReply() == .error("ERR Protocol error: unauthenticated multibulk length"))

        try other.stillWorks()
    }

    @Test("a failed AUTH is logged with the client's address and without the password")
    func failedAuthIsLogged() throws {
        let cluster = try Cluster { $0.extraLines = ["client_password: \(Self.password)"] }
        defer { cluster.stop() }
        let guess = "guess-\(UUID().uuidString)"
        let connection = try cluster.connect()
        #expect(try connection.command("AUTH", guess).isError)
        #expect(try connection.command("HELLO", "3", "AUTH", "default", guess).isError)

        var log = ""
        for _ in 0..<100 {
            log = cluster.drover.log
            if log.contains("client authentication failed") { break }
            usleep(20_000)
        }
        #expect(log.contains("client authentication failed"), "\(log.suffix(2000))")
        // Counted in the stats, under Redis's INFO name.
        #expect(try connection.command("AUTH", Self.password) == .simple("OK"))
        let info = try connection.command("INFO", "stats").text ?? ""
        #expect(info.contains("acl_access_denied_auth:2\r\n"), "\(info)")
        #expect(log.contains("peer=127.0.0.1:"), "\(log.suffix(2000))")
        #expect(!log.contains(guess), "the log must not hold the password tried")
        #expect(!log.contains(Self.password), "the log must not hold the password")
    }
}
