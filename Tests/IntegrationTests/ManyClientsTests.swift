import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Ten thousand clients connected at once are all served.
@Suite("Many clients")
struct ManyClientsTests {
    static let clients = 10_000

    @Test("10,000 clients connect at once and are all served; their descriptors are all given back",
          .timeLimit(.minutes(3)))
    func tenThousandClients() throws {
        // This process needs a descriptor per client, drover one more per client; drover
        // raises its own soft limit to the hard one, this process does it here.
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        try #require(limit.rlim_cur >= rlim_t(Self.clients + 1000),
                     "RLIMIT_NOFILE hard limit \(limit.rlim_max) is below \(Self.clients + 1000): raise it (ulimit -Hn) to run this test")

        let cluster = try Cluster { $0.extraLines = ["backlog: 4096"] }
        defer { cluster.stop() }
        let pid = cluster.drover.pid
        let before = try #require(ProcessStats.openFDs(pid))

        var connections: [RESPConnection] = []
        connections.reserveCapacity(Self.clients)
        for _ in 0..<Self.clients { connections.append(try cluster.connect(timeout: 30)) }
        // Every client is one descriptor in drover (the last few may still be on their way
        // from the accept queue to a worker).
        let during = try #require(ProcessStats.openFDs(pid))
        #expect(during >= Self.clients, "drover holds \(during) descriptors with \(Self.clients) clients")

        // Every client writes its own key, then reads it back: each gets its own reply.
        for (i, connection) in connections.enumerated() { try connection.send(command: ["SET", "client:\(i)", "\(i)"]) }
        var wrong = 0
        for connection in connections where try connection.readReply() != .simple("OK") { wrong += 1 }
        for (i, connection) in connections.enumerated() { try connection.send(command: ["GET", "client:\(i)"]) }
        for (i, connection) in connections.enumerated() where try connection.readReply() != .bulk("\(i)") { wrong += 1 }
        #expect(wrong == 0, "\(wrong) of \(2 * Self.clients) replies were wrong")

        connections.removeAll()
        // Closing 10,000 connections takes drover a moment on a loaded box: wait up to 30 s.
        var after = Int.max
        for _ in 0..<1500 {
            after = ProcessStats.openFDs(pid) ?? .max
            if after <= before + 8 { break }
            usleep(20_000)
        }
        // Backend connections opened meanwhile account for the few more.
        #expect(after <= before + 8, "drover kept \(after - before) descriptors after every client left")
        #expect(try cluster.connect().command("PING") == .simple("PONG"))
    }
}
