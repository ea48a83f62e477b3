import Foundation
import Testing

/// The usual fixture: `shards` redis-servers and one drover in front of them, configured
/// as a twemproxy pool (ketama, fnv1a_64, servers named s0, s1, ...).
final class Cluster {
    /// The backends, in `servers:` order (shard i is named "si").
    let shards: [RedisServer]
    /// The proxy.
    let drover: DroverProcess
    /// The pool as written to drover's config.
    let pool: PoolYAML

    /// Starts everything; `configure` may change the pool before drover reads it.
    /// - Parameter arguments: more command-line flags for drover.
    init(shards count: Int = 3, arguments: [String] = [], configure: (inout PoolYAML) -> Void = { _ in }) throws {
        shards = try (0..<count).map { _ in try RedisServer() }
        // A free port can be taken by a test running alongside before drover binds it:
        // then drover exits at once, and another port is tried.
        var attempt = 0
        while true {
            let port = try FreePort.next()
            var pool = PoolYAML(listen: "127.0.0.1:\(port)",
                                  servers: PoolYAML.servers(ports: shards.map(\.port), named: true))
            configure(&pool)
            let listener: DroverProcess.Listener = pool.listen.hasPrefix("/")
                ? .unix(path: String(pool.listen.split(separator: " ")[0])) : .tcp(port: port)
            do {
                drover = try DroverProcess(config: pool.yaml, listener: listener, arguments: arguments)
                self.pool = pool
                return
            } catch let error as HarnessError where attempt < 3 && error.description.contains("Address already in use") {
                attempt += 1
            }
        }
    }

    /// The TCP port drover listens on (meaningless for a Unix socket pool).
    var port: Int {
        if case .tcp(let port) = drover.listener { return port }
        return 0
    }

    /// A new client connection to drover.
    func connect(timeout: Double = 10) throws -> RESPConnection {
        try drover.connect(timeout: timeout)
    }

    /// A direct connection to shard `index`, bypassing drover.
    func backend(_ index: Int) throws -> BackendClient {
        try shards[index].client()
    }

    /// Indexes of the shards that hold `key`, asked of every backend directly.
    func shardsHolding(_ key: String) throws -> [Int] {
        try shards.indices.filter { try backend($0).command("EXISTS", key) == .integer(1) }
    }

    /// Stops drover (checking it exits 0 on SIGTERM), then the backends.
    func stop() {
        drover.stop()
        shards.forEach { $0.stop() }
    }
}
