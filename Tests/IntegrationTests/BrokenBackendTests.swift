import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A pool of three shards whose middle one (s1, holding "foo") is a ``FakeBackend`` that
/// can be told to break; s0 ("a") and s2 ("alpha") are real redis-servers.
final class BrokenShardCluster {
    let healthy: [RedisServer]
    let broken: FakeBackend
    let drover: DroverProcess

    init(timeoutMilliseconds: Int) throws {
        healthy = [try RedisServer(), try RedisServer()]
        broken = try FakeBackend()
        var attempt = 0
        while true {
            let port = try FreePort.next()
            var pool = PoolYAML(listen: "127.0.0.1:\(port)", servers: [
                .init(port: healthy[0].port, name: "s0"), .init(port: broken.port, name: "s1"),
                .init(port: healthy[1].port, name: "s2"),
            ])
            pool.timeoutMilliseconds = timeoutMilliseconds
            // A shard that times out is marked down and re-admitted only after a PING probe,
            // every server_retry_timeout (30 s by default): probe quickly here.
            pool.extraLines = ["server_retry_timeout: 200"]
            do {
                drover = try DroverProcess(config: pool.yaml, listener: .tcp(port: port))
                return
            } catch let error as HarnessError where attempt < 3 && error.description.contains("Address already in use") {
                attempt += 1
            }
        }
    }

    func connect() throws -> RESPConnection { try drover.connect() }

    func stop() {
        drover.stop()
        broken.stop()
        healthy.forEach { $0.stop() }
    }
}

/// A backend that breaks fails the requests sent to it, each with its own error and in its
/// place in the order, and nothing else; drover recovers when the backend does.
@Suite("Broken backends")
struct BrokenBackendTests {
    static let timeoutMs = 400

    @Test("a broken shard fails only its requests, with its own error, in order; drover recovers",
          .timeLimit(.minutes(1)),
          arguments: [
            (FakeBackend.Mode.silent, "ERR drover: shard 's1' (127.0.0.1:PORT) timed out"),
            (.garbage, "ERR drover: shard 's1' (127.0.0.1:PORT) sent an invalid reply"),
            (.closeMidReply, "ERR drover: connection to shard 's1' (127.0.0.1:PORT) closed by the backend"),
            // drover must not size a buffer from a length a backend declares.
            (.hugeLength, "ERR drover: shard 's1' (127.0.0.1:PORT) timed out"),
          ])
    func brokenShard(mode: FakeBackend.Mode, error: String) throws {
        let cluster = try BrokenShardCluster(timeoutMilliseconds: Self.timeoutMs)
        defer { cluster.stop() }
        do { try brokenShard(cluster, mode: mode, error: error) } catch {
            Issue.record("\(error); drover's log:\n\(cluster.drover.log.suffix(4000))\nthe fake shard got: \(cluster.broken.commands)")
        }
    }

    func brokenShard(_ cluster: BrokenShardCluster, mode: FakeBackend.Mode, error: String) throws {
        let expected = RESPReply.error(error.replacingOccurrences(of: "PORT", with: String(cluster.broken.port)))
        let client = try cluster.connect()
        let other = try cluster.connect()
        #expect(try client.pipeline([["SET", "a", "1"], ["SET", "foo", "2"], ["SET", "alpha", "3"]])
                == Array(repeating: .simple("OK"), count: 3))

        cluster.broken.mode = mode
        let replies = try client.pipeline([
            ["GET", "a"], ["GET", "foo"], ["GET", "alpha"], ["MGET", "a", "alpha"], ["PING"], ["MGET", "a", "foo", "alpha"],
        ])
        #expect(replies == [.bulk("1"), expected, .bulk("3"), .array([.bulk("1"), .bulk("3")]), .simple("PONG"), expected])
        #expect(try other.command("MGET", "a", "alpha") == .array([.bulk("1"), .bulk("3")]),
                "another client's requests to healthy shards are unaffected")

        // Give drover time to drop a hung connection (a real Redis would answer late, in
        // order; the fake dropped what it read while silent), then heal the backend.
        usleep(useconds_t(3 * Self.timeoutMs * 1000))
        cluster.broken.mode = .healthy
        #expect(try eventually { try client.command("GET", "foo") } == .bulk("2"), "drover recovers with the backend")
        #expect(try client.command("MGET", "a", "foo", "alpha") == .array([.bulk("1"), .bulk("2"), .bulk("3")]))
        #expect(try other.command("GET", "foo") == .bulk("2"))
    }

    @Test("a slow shard delays only its own replies; one slower than timeout gets its error, and its late reply pairs with nothing",
          .timeLimit(.minutes(1)))
    func slowShard() throws {
        let cluster = try BrokenShardCluster(timeoutMilliseconds: Self.timeoutMs)
        defer { cluster.stop() }
        let client = try cluster.connect()
        let other = try cluster.connect()
        #expect(try client.pipeline([["SET", "a", "1"], ["SET", "foo", "2"], ["SET", "alpha", "3"]])
                == Array(repeating: .simple("OK"), count: 3))

        // Slow but within timeout: right answers, in order; others are not held up.
        cluster.broken.mode = .slow(seconds: 0.2)
        try client.send(command: ["GET", "foo"])
        try client.send(command: ["GET", "a"])
        let start = Date()
        #expect(try other.command("GET", "alpha") == .bulk("3"))
        #expect(Date().timeIntervalSince(start) < 0.15, "a client of other shards waits for nobody")
        #expect(try client.readReply() == .bulk("2"))
        #expect(try client.readReply() == .bulk("1"))

        // Slower than timeout: the error, then the late reply is dropped, not handed to the
        // next request.
        cluster.broken.mode = .slow(seconds: Double(Self.timeoutMs) / 1000 + 0.3)
        let late = try client.command("GET", "foo")
        #expect(late == .error("ERR drover: shard 's1' (127.0.0.1:\(cluster.broken.port)) timed out"))
        cluster.broken.mode = .healthy
        #expect(try client.pipeline([["SET", "foo", "5"], ["GET", "foo"], ["GET", "a"]])
                == [.simple("OK"), .bulk("5"), .bulk("1")])
    }

    /// Retries `body` for up to `timeout` seconds until it returns something other than an
    /// error reply.
    private func eventually(timeout: Double = 10, _ body: () throws -> RESPReply) throws -> RESPReply {
        let deadline = Date().addingTimeInterval(timeout)
        var reply = try body()
        while reply.isError && Date() < deadline {
            usleep(50_000)
            reply = try body()
        }
        return reply
    }
}


