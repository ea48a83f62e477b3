import Foundation
import Testing

/// A backend that stops answering costs a request `timeout` milliseconds, not forever.
@Suite("Backend timeout")
struct TimeoutTests {
    @Test("a request to a frozen backend gets -ERR drover: ... timed out; other shards keep working",
          .timeLimit(.minutes(1)))
    func frozenBackend() throws {
        let cluster = try Cluster {
            $0.timeoutMilliseconds = 400
            $0.extraLines = ["server_retry_timeout: 500"]
        }
        defer { cluster.stop() }
        let connection = try cluster.connect()
        #expect(try connection.command("MSET", "a", "1", "foo", "2") == .simple("OK"))

        let frozen = cluster.shards[1]  // holds "foo"
        frozen.pause()
        defer { frozen.resume() }
        let start = Date()
        let reply = try connection.command("GET", "foo")
        let elapsed = Date().timeIntervalSince(start)
        #expect(reply.isError && reply.text?.hasPrefix("ERR drover: ") == true, "\(reply)")
        #expect(reply.text?.contains("timed out") == true, "\(reply)")
        #expect(elapsed >= 0.3 && elapsed < 3, "answered after \(elapsed) s with timeout: 400")

        #expect(try cluster.connect().command("GET", "a") == .bulk("1"), "a healthy shard still answers")
        #expect(try connection.command("GET", "a") == .bulk("1"), "the client's connection is still usable")

        frozen.resume()
        let deadline = Date().addingTimeInterval(10)
        var recovered = RESPReply.null
        while Date() < deadline {
            recovered = try connection.command("GET", "foo")
            if recovered == .bulk("2") { break }
            usleep(100_000)
        }
        #expect(recovered == .bulk("2"), "after SIGCONT the shard answers again")
    }
}
