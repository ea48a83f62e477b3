import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Listeners other than plain TCP.
@Suite("Listeners")
struct ListenerTests {
    @Test("a Unix socket listener gets the configured mode and serves clients",
          arguments: [("0660", 0o660), ("0600", 0o600)])
    func unixSocket(modeText: String, mode: Int) throws {
        let directory = try TemporaryDirectory(prefix: "sock")
        defer { directory.remove() }
        let socketPath = directory.path("drover.sock")
        let cluster = try Cluster { $0.listen = "\(socketPath) \(modeText)" }
        defer { cluster.stop() }

        var info = stat()
        #expect(stat(socketPath, &info) == 0, "stat \(socketPath): \(String(cString: strerror(errno)))")
        #expect(info.st_mode & S_IFMT == S_IFSOCK, "\(socketPath) is not a socket")
        #expect(Int(info.st_mode & 0o777) == mode, "mode is \(String(info.st_mode & 0o777, radix: 8))")

        let connection = try cluster.connect()
        #expect(try connection.command("PING") == .simple("PONG"))
        #expect(try connection.command("MSET", "a", "1", "foo", "2", "alpha", "3") == .simple("OK"))
        #expect(try connection.command("MGET", "alpha", "foo", "a") == .array([.bulk("3"), .bulk("2"), .bulk("1")]))
        #expect(try cluster.shardsHolding("alpha") == [2])
    }
}
