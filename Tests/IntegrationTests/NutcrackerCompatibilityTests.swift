import Testing

/// THE placement test: drover and Debian's nutcracker, on the same twemproxy config and the
/// same three backends, find each other's keys.
@Suite("Same key placement as nutcracker")
struct NutcrackerCompatibilityTests {
    private static let keysPerDirection = 10_000
    private static let batch = 1_000

    @Test("10,000 keys written through nutcracker are read through drover, and the reverse",
          arguments: [true, false])
    func sharedPlacement(namedServers: Bool) throws {
        let shards = try (0..<3).map { _ in try RedisServer() }
        defer { shards.forEach { $0.stop() } }
        let servers = PoolYAML.servers(ports: shards.map(\.port), named: namedServers)
        let nutcrackerPort = try FreePort.next()
        let droverPort = try FreePort.next()
        let nutcrackerPool = PoolYAML(listen: "127.0.0.1:\(nutcrackerPort)", servers: servers)
        var droverPool = nutcrackerPool
        droverPool.listen = "127.0.0.1:\(droverPort)"

        let nutcracker = try NutcrackerProcess(config: nutcrackerPool.yaml, port: nutcrackerPort)
        defer { nutcracker.stop() }
        let drover = try DroverProcess(config: droverPool.yaml, listener: .tcp(port: droverPort))
        defer { drover.stop() }

        try copyKeys(prefix: "through-nutcracker", writer: nutcracker.connect(), reader: drover.connect())
        try copyKeys(prefix: "through-drover", writer: drover.connect(), reader: nutcracker.connect())

        var total = 0
        for (index, shard) in shards.enumerated() {
            guard case .integer(let size) = try shard.client().command("DBSIZE") else {
                Issue.record("DBSIZE failed on shard \(index)")
                continue
            }
            #expect(size > Self.keysPerDirection / 10, "shard \(index) holds only \(size) keys")
            total += size
        }
        #expect(total == 2 * Self.keysPerDirection, "every key is stored exactly once")
    }

    /// SETs `prefix:i` through `writer`, then GETs each through `reader` and expects its value.
    private func copyKeys(prefix: String, writer: RESPConnection, reader: RESPConnection) throws {
        var missing: [String] = []
        var wrong = 0
        for first in stride(from: 0, to: Self.keysPerDirection, by: Self.batch) {
            let keys = (first..<(first + Self.batch)).map { "\(prefix):\($0)" }
            let stored = try writer.pipeline(keys.map { ["SET", $0, "value-of-\($0)"] })
            let failedWrites = stored.filter { $0 != .simple("OK") }
            #expect(failedWrites.isEmpty, "\(prefix): SET replies \(failedWrites.prefix(3))")
            let read = try reader.pipeline(keys.map { ["GET", $0] })
            for (key, reply) in zip(keys, read) where reply != .bulk("value-of-\(key)") {
                if reply == .null { missing.append(key) } else { wrong += 1 }
            }
        }
        #expect(missing.isEmpty && wrong == 0,
                "\(prefix): \(missing.count) keys not found (e.g. \(missing.prefix(5))), \(wrong) wrong values")
    }
}
