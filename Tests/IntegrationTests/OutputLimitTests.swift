import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A client that sends without reading cannot make drover hold more than
/// max_client_output plus the bound documented in ClientConnection+Limits.swift:
/// 1 MiB of requests in flight + 2 × max_request_size + ~100 bytes per queued request.
@Suite("Clients that do not read")
struct OutputLimitTests {
    static let mib = 1 << 20

    @Test("replies piling up past max_client_output disconnect the client, and it is logged",
          .timeLimit(.minutes(1)))
    func outputLimitDisconnects() throws {
        let cluster = try Cluster { $0.extraLines = ["max_client_output: 1mb"] }
        defer { cluster.stop() }
        let other = try Bystander(cluster)
        let value = String(repeating: "v", count: 256 * 1024)
        #expect(try cluster.connect().command("SET", "big", value) == .simple("OK"))

        let baseline = try #require(ProcessStats.residentBytes(cluster.drover.pid))
        let peak = ProcessStats.PeakRSS(pid: cluster.drover.pid)

        // 400 GETs of 256 KiB: 100 MiB of replies, far beyond what the sockets can absorb.
        let reader = try cluster.connect()
        let request = RESPReply.encodeCommand(["GET", "big"])
        let batch = Array(Array(repeating: request, count: 400).joined())
        try? reader.send(batch)
        // Not reading at all (reading would drain what drover holds): wait for the log line.
        for _ in 0..<400 where !cluster.drover.log.contains("client output limit reached") { usleep(50_000) }
        #expect(reader.readUntilClosed(timeout: 20) != nil, "drover closes the client")
        let growth = peak.stop() - baseline
        // The limit, plus what the backend delivers in the turn that passes it.
        #expect(growth <= 1 * Self.mib + 8 * Self.mib, "RSS grew \(growth / 1024) KiB with max_client_output 1mb")
        #expect(cluster.drover.log.contains("client output limit reached"), "\(cluster.drover.log.suffix(2000))")
        #expect(cluster.drover.log.contains("max_client_output=1048576"))

        try other.stillWorks()
    }

    @Test("1 GiB of pipelined SETs sent without reading: drover's RSS stays within the bound",
          .timeLimit(.minutes(3)))
    func oneGigabyteWithoutReading() throws {
        let cluster = try Cluster(shards: 1) {
            $0.timeoutMilliseconds = nil
            $0.extraLines = ["max_client_output: 1mb", "max_request_size: 1mb"]
        }
        defer { cluster.stop() }
        let other = try Bystander(cluster)
        let pid = cluster.drover.pid
        // Warm drover up with the same traffic, so the baseline holds its steady buffers.
        let value = String(repeating: "x", count: 64 * 1024)
        let request = RESPReply.encodeCommand(["SET", "flood", value])
        let warm = try cluster.connect()
        for _ in 0..<64 { #expect(try warm.pipeline([["SET", "flood", value]]) == [.simple("OK")]) }
        let baseline = try #require(ProcessStats.residentBytes(pid))

        let flooder = try cluster.connect(timeout: 60)
        let peak = ProcessStats.PeakRSS(pid: pid)
        let chunk = Array(Array(repeating: request, count: 64).joined())  // 4 MiB
        let total = 1 << 30
        var sent = 0
        while sent < total {
            try flooder.send(chunk)
            sent += chunk.count
        }
        let highest = peak.stop()

        // Every request was answered, in order, once the client reads.
        let requests = sent / request.count
        let replies = try flooder.readBytes(requests * 5)
        #expect(replies == Array(Array(repeating: Array("+OK\r\n".utf8), count: requests).joined()))
        let growth = highest - baseline
        // max_client_output + 1 MiB in flight + 2 × max_request_size, plus 4 MiB for what the
        // allocator and the kernel's socket accounting add.
        let bound = 1 * Self.mib + 1 * Self.mib + 2 * Self.mib + 4 * Self.mib
        #expect(growth <= bound, "RSS grew \(growth / 1024) KiB (baseline \(baseline / 1024) KiB) for \(sent >> 20) MiB sent")
        print("1 GiB without reading: \(sent >> 20) MiB sent, drover RSS \(baseline / 1024) KiB -> peak \(highest / 1024) KiB (+\(growth / 1024) KiB, bound \(bound / 1024) KiB)")
        try other.stillWorks()
    }

    @Test("a frozen backend stops drover reading from a client that keeps sending",
          .timeLimit(.minutes(1)))
    func frozenBackendPausesReading() throws {
        let cluster = try Cluster(shards: 1) { $0.timeoutMilliseconds = nil }
        defer { cluster.stop() }
        let pid = cluster.drover.pid
        let value = String(repeating: "y", count: 16 * 1024)
        let request = RESPReply.encodeCommand(["SET", "frozen", value])
        let warm = try cluster.connect()
        #expect(try warm.pipeline(Array(repeating: ["SET", "frozen", value], count: 64)).count == 64)
        let baseline = try #require(ProcessStats.residentBytes(pid))

        cluster.shards[0].pause()
        defer { cluster.shards[0].resume() }
        // Sends block once drover stops reading: the client's send times out.
        let flooder = try cluster.connect(timeout: 2)
        let chunk = Array(Array(repeating: request, count: 64).joined())  // 1 MiB
        var sent = 0
        while sent < 256 * Self.mib {
            do { try flooder.send(chunk) } catch { break }
            sent += chunk.count
        }
        let rss = try #require(ProcessStats.residentBytes(pid))
        #expect(sent < 64 * Self.mib, "drover kept reading: \(sent >> 20) MiB accepted while the backend was frozen")
        #expect(rss - baseline <= 8 * Self.mib, "RSS grew \((rss - baseline) / 1024) KiB")

        // Thawed, everything that was accepted is answered.
        cluster.shards[0].resume()
        let other = try cluster.connect()
        #expect(try other.command("PING") == .simple("PONG"))
    }
}
