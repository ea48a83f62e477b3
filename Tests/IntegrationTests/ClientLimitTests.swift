import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// max_clients, client_timeout, backlog and max_request_size, each with a bystander client.
@Suite("Client limits")
struct ClientLimitTests {
    @Test("max_clients: one client too many gets -ERR max number of clients reached; a slot frees on close")
    func maxClients() throws {
        let cluster = try Cluster { $0.extraLines = ["max_clients: 3"] }
        defer { cluster.stop() }
        // The harness's readiness probes count until drover has seen them close.
        let first = try served(cluster)
        let second = try served(cluster)
        let other = try Bystander(cluster, using: served(cluster))

        let refused = try cluster.connect()
        #expect(try refused.readReply() == .error("ERR max number of clients reached"))
        #expect(refused.readUntilClosed(timeout: 5) == [], "the refused client is closed")

        try other.stillWorks(newClientServed: false)
        _ = consume first
        // The freed slot is given back once drover has seen the close.
        let replacement = try served(cluster)
        #expect(try replacement.command("PING") == .simple("PONG"))
        #expect(try second.command("PING") == .simple("PONG"))
    }

    /// A connection that drover serves, retried while it answers max_clients.
    private func served(_ cluster: Cluster) throws -> RESPConnection {
        for _ in 0..<250 {
            // A refused connection may be reset before the PING is read back.
            if let connection = try? cluster.connect(), (try? connection.command("PING")) == .simple("PONG") {
                return connection
            }
            usleep(20_000)
        }
        throw HarnessError("drover refused every connection for 5 s")
    }

    @Test("client_timeout: an idle client is closed, a busy or chatty one is not", .timeLimit(.minutes(1)))
    func clientTimeout() throws {
        let cluster = try Cluster {
            $0.timeoutMilliseconds = 1000
            $0.extraLines = ["client_timeout: 300"]
        }
        defer { cluster.stop() }

        let idle = try cluster.connect()
        let chatty = try cluster.connect()
        let busy = try cluster.connect()
        #expect(try idle.command("PING") == .simple("PONG"))
        let start = Date()

        // The busy client waits on a frozen shard longer than client_timeout: its request
        // is answered (with the backend timeout), it is not cut off.
        let frozen = cluster.shards[1]  // holds "foo"
        frozen.pause()
        try busy.send(command: ["GET", "foo"])
        for _ in 0..<12 {
            #expect(try chatty.command("PING") == .simple("PONG"), "a client that keeps talking stays")
            usleep(100_000)
        }
        let busyReply = try busy.readReply()
        frozen.resume()
        #expect(busyReply.text?.contains("timed out") == true, "\(busyReply)")

        let closed = idle.readUntilClosed(timeout: 5)
        let elapsed = Date().timeIntervalSince(start)
        #expect(closed == [], "the idle client is closed without a reply")
        #expect(elapsed >= 0.25 && elapsed < 3, "closed after \(elapsed) s with client_timeout 300 ms")
        #expect(try chatty.command("PING") == .simple("PONG"))
        #expect(busy.readUntilClosed(timeout: 5) == [], "once answered and idle, the busy client is closed too")
        // Counted in the stats (the harness's own probe connections may add to the two). A
        // fresh connection asks: the chatty one has been quiet past client_timeout by now.
        let info = try cluster.connect().command("INFO", "clients").text ?? ""
        let idleClosed = info.split(separator: "\r\n").first { $0.hasPrefix("idle_timeout_disconnections:") }
            .flatMap { Int($0.dropFirst("idle_timeout_disconnections:".count)) } ?? 0
        #expect(idleClosed >= 2, "\(info)")
    }

    @Test("backlog: the listener's accept queue is the configured size")
    func backlog() throws {
        let cluster = try Cluster { $0.extraLines = ["backlog: 37"] }
        defer { cluster.stop() }
        // For a listening socket, ss reports the backlog as Send-Q.
        let result = try CommandRunner.run("ss", ["-Hltn", "sport = :\(cluster.port)"])
        let fields = result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" })
        #expect(fields.count >= 3 && fields[2] == "37", "ss -ltn: \(result.stdout)")
    }

    @Test("a declared 500 MB bulk that never comes makes drover reserve nothing like it")
    func declaredLengthIsNotReserved() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let pid = cluster.drover.pid
        let before = try #require(ProcessStats.virtualBytes(pid))
        // 100 clients, each declaring a bulk just under max_request_size (512mb).
        let header = Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$500000000\r\n".utf8)
        let clients = try (0..<100).map { _ in try cluster.connect() }
        // The header first, then some of the bulk: drover sizes its next read from the header.
        for client in clients { try client.send(header) }
        usleep(100_000)
        for client in clients { try client.send([UInt8](repeating: 120, count: 1000)) }
        #expect(try cluster.connect().command("PING") == .simple("PONG"))
        let after = try #require(ProcessStats.virtualBytes(pid))
        #expect(after - before < 1 << 30, "virtual memory grew \((after - before) >> 20) MiB for 100 declared 500 MB bulks")
    }

    @Test("max_request_size: a request at the limit is served, one byte more is a protocol error")
    func maxRequestSize() throws {
        let cluster = try Cluster { $0.extraLines = ["max_request_size: 64kb"] }
        defer { cluster.stop() }
        let other = try Bystander(cluster)
        let connection = try cluster.connect()
        // *3 $3 SET $1 k: 20 bytes, then "$65506\r\n", the value and CRLF: 65,536 in all.
        let fits = 65_536 - 20 - 8 - 2
        #expect(RESPReply.encodeCommand(["SET", "k", String(repeating: "v", count: fits)]).count == 65_536)
        #expect(try connection.command("SET", "k", String(repeating: "v", count: fits)) == .simple("OK"))
        try connection.send(command: ["SET", "k", String(repeating: "v", count: fits + 1)])
        #expect(try connection.readReply() == .error("ERR Protocol error: invalid bulk length"))
        #expect(connection.readUntilClosed(timeout: 5) == [])
        try other.stillWorks()
    }
}
