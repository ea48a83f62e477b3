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

    @Test("out of descriptors, drover closes new connections at once instead of spinning, and recovers",
          .timeLimit(.minutes(1)))
    func outOfDescriptors() throws {
        let redis = try RedisServer()
        defer { redis.stop() }
        let port = try FreePort.next()
        let pool = PoolYAML(listen: "127.0.0.1:\(port)", servers: PoolYAML.servers(ports: [redis.port], named: true))
        let drover = try DroverProcess(config: pool.yaml, listener: .tcp(port: port), wrapper: ["prlimit", "--nofile=64:64"])
        defer { drover.stop() }

        // More connections than drover has descriptors for: the kernel accepts them all,
        // drover serves what it can and closes the rest at once.
        var served: [RESPConnection] = []
        var shed = 0
        for _ in 0..<80 {
            let connection = try drover.connect(timeout: 2)
            if (try? connection.command("PING")) == .simple("PONG") { served.append(connection) } else { shed += 1 }
        }
        #expect(shed > 0 && !served.isEmpty, "\(served.count) served, \(shed) shed")
        #expect(drover.log.contains("out of file descriptors"), "\(drover.log.suffix(2000))")

        // Nothing is left waiting in the accept queue for drover to wake up for in vain.
        let before = cpuSeconds(drover.pid)
        usleep(1_000_000)
        let spent = cpuSeconds(drover.pid) - before
        #expect(spent < 0.2, "drover used \(spent) s of CPU in 1 s while out of descriptors")

        // Every served client still works, and freed descriptors serve new clients.
        for connection in served { #expect(try connection.command("PING") == .simple("PONG")) }
        served.removeLast(10)
        var fresh = RESPReply.null
        for _ in 0..<100 where fresh != .simple("PONG") {
            fresh = (try? drover.connect(timeout: 2).command("PING")) ?? .null
            if fresh != .simple("PONG") { usleep(20_000) }
        }
        #expect(fresh == .simple("PONG"))
    }

    /// User plus system CPU time of a process, in seconds.
    private func cpuSeconds(_ pid: pid_t) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after "(comm)": state is field 3, utime 14 and stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
