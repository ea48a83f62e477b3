import Foundation
import Testing

/// Blocking commands run on a dedicated connection for the duration of the call.
@Suite("Blocking commands")
struct BlockingTests {
    @Test("BLPOP is woken by another client's RPUSH; others on that shard are not held up")
    func blpopWokenByRpush() throws {
        let cluster = try Cluster.tagged()
        defer { cluster.stop() }
        let waiter = try cluster.connect()
        let other = try cluster.connect()

        try waiter.send(command: ["BLPOP", "a", "10"])
        try waitFor { try cluster.backend(0).command("INFO", "clients").text?.contains("blocked_clients:1") == true }
        // "a" and "b" are on shard 0: the pipelined connection there is not blocked.
        let started = Date()
        #expect(try other.command("SET", "b", "1") == .simple("OK"))
        #expect(try other.command("GET", "b") == .bulk("1"))
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(try other.command("RPUSH", "a", "job") == .integer(1))
        #expect(try waiter.readReply() == .array([.bulk("a"), .bulk("job")]))

        // Pipelined after a blocking call, replies keep their order.
        #expect(try waiter.pipeline([["BLPOP", "a", "0.1"], ["GET", "b"], ["BRPOP", "foo", "alpha", "1"]])
                == [.nullArray, .bulk("1"), .error("CROSSSLOT drover: keys of 'BRPOP' are on different shards; put them under one hash tag")])
        #expect(try waiter.command("WAIT", "0", "0") == .integer(0))
    }

    @Test("XREAD BLOCK is woken by XADD")
    func xreadBlock() throws {
        let cluster = try Cluster.tagged()
        defer { cluster.stop() }
        let reader = try cluster.connect()
        let writer = try cluster.connect()
        try reader.send(command: ["XREAD", "BLOCK", "5000", "STREAMS", "stream", "$"])
        try waitFor {
            try cluster.shards.indices.contains {
                try cluster.backend($0).command("INFO", "clients").text?.contains("blocked_clients:1") == true
            }
        }
        #expect(try writer.command("XADD", "stream", "1-1", "f", "v") == .bulk("1-1"))
        #expect(try reader.readReply() == .array([.array([.bulk("stream"), .array([.array([.bulk("1-1"), .array([.bulk("f"), .bulk("v")])])])])]))
    }

    @Test("a client that leaves while blocked pops nothing, and connections are reused")
    func leavingWhileBlocked() throws {
        let cluster = try Cluster.tagged()
        defer { cluster.stop() }
        let other = try cluster.connect()
        var leaving: RESPConnection? = try cluster.connect()
        try leaving?.send(command: ["BLPOP", "a", "0"])
        // Wait until shard 0 has the call blocked, then leave.
        try waitFor { try cluster.backend(0).command("INFO", "clients").text?.contains("blocked_clients:1") == true }
        leaving = nil
        try waitFor { try cluster.backend(0).command("INFO", "clients").text?.contains("blocked_clients:0") == true }
        #expect(try other.command("RPUSH", "a", "kept") == .integer(1))
        let remaining = try other.command("LRANGE", "a", "0", "-1")
        #expect(remaining == .array([.bulk("kept")]), "\(remaining)")

        let before = try cluster.connectedClients(0)
        for round in 0..<20 {
            let replies = try other.pipeline([["RPUSH", "a", "x"], ["BLPOP", "a", "1"]])
            guard case .array(let popped) = replies[1], popped.first == .bulk("a") else {
                Issue.record("round \(round): \(replies)")
                break
            }
        }
        #expect(try cluster.connectedClients(0) <= before + 1, "a dedicated connection per call")
    }
}

/// Polls `condition` every 20 ms for up to `timeout` seconds; records an issue if it never holds.
func waitFor(timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
             _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return }
        Thread.sleep(forTimeInterval: 0.02)
    }
    Issue.record("condition not met within \(timeout) s", sourceLocation: sourceLocation)
}
