import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// redis-servers arranged as a drover `shards:` pool — per shard a primary, replicas made
/// with REPLICAOF, and failover nodes — with drovers started on it on demand, for the
/// health and failover tests.
final class ShardedCluster {
    struct Shard {
        let name: String
        let primary: RedisServer
        let replicas: [RedisServer]
        let failover: [RedisServer]
    }

    let shards: [Shard]
    private var drovers: [DroverProcess] = []

    /// Starts the servers and waits until every replica is in sync with its primary.
    /// - Parameters:
    ///   - count: shards, named s0, s1, ...
    ///   - replicas: replicas per shard.
    ///   - failover: failover nodes per shard (only for the shards in `failoverShards`, else all).
    init(shards count: Int, replicas: Int = 0, failover: Int = 0, failoverShards: Set<Int>? = nil) throws {
        // A replica asks for a full sync at once; the primary's default 5 s delay before a
        // diskless sync would slow every test down.
        let fast = ["--repl-diskless-sync-delay", "0"]
        shards = try (0..<count).map { index in
            let primary = try RedisServer(arguments: fast)
            let copies = try (0..<replicas).map { _ in
                try RedisServer(arguments: fast + ["--replicaof", "127.0.0.1", String(primary.port)])
            }
            let standby = failoverShards.map { $0.contains(index) } ?? true
            let spares = try (0..<(standby ? failover : 0)).map { _ in try RedisServer(arguments: fast) }
            return Shard(name: "s\(index)", primary: primary, replicas: copies, failover: spares)
        }
        try waitForReplicas()
    }

    /// The pool as drover YAML: `settings` are pool lines such as `read_policy: replica`.
    func yaml(listen port: Int, settings: [String]) -> String {
        var lines = ["workers: 1", "it:", "  listen: 127.0.0.1:\(port)", "  hash: fnv1a_64", "  distribution: ketama"]
        lines += settings.map { "  \($0)" }
        lines.append("  shards:")
        for shard in shards {
            lines.append("    - name: \(shard.name)")
            lines.append("      primary: 127.0.0.1:\(shard.primary.port)")
            if !shard.replicas.isEmpty {
                lines.append("      replicas: [\(shard.replicas.map { "127.0.0.1:\($0.port)" }.joined(separator: ", "))]")
            }
            if !shard.failover.isEmpty {
                lines.append("      failover: [\(shard.failover.map { "127.0.0.1:\($0.port)" }.joined(separator: ", "))]")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Starts a drover on these servers with the pool `settings`; stopped by ``stop()``.
    func startDrover(_ settings: [String]) throws -> DroverProcess {
        let port = try FreePort.next()
        let drover = try DroverProcess(config: yaml(listen: port, settings: settings), listener: .tcp(port: port))
        drovers.append(drover)
        return drover
    }

    /// Polls until every replica reports `master_link_status:up`.
    func waitForReplicas(timeout: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        for replica in shards.flatMap(\.replicas) {
            while true {
                let info = (try? replica.client().command("INFO", "replication").text) ?? nil
                if info?.contains("master_link_status:up") == true { break }
                guard Date() < deadline else { throw HarnessError("replica on \(replica.port) never came in sync") }
                usleep(20_000)
            }
        }
    }

    /// Waits until each replica has applied everything its primary has (same offset).
    func waitForReplication(timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        for shard in shards {
            for replica in shard.replicas {
                while true {
                    let primary = Self.offset(try shard.primary.client().command("INFO", "replication").text, "master_repl_offset")
                    let copy = Self.offset(try replica.client().command("INFO", "replication").text, "slave_repl_offset")
                    if primary != nil && primary == copy { break }
                    guard Date() < deadline else { throw HarnessError("replica on \(replica.port) lags its primary") }
                    usleep(10_000)
                }
            }
        }
    }

    private static func offset(_ info: String?, _ field: String) -> Int? {
        guard let info else { return nil }
        for line in info.split(whereSeparator: \.isNewline) where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1))
        }
        return nil
    }

    /// `--shard name=127.0.0.1:port` arguments for the checker (the primaries).
    var checkerShards: [String] {
        shards.flatMap { ["--shard", "\($0.name)=127.0.0.1:\($0.primary.port)"] }
    }

    /// Keys that land on shard `index`, found by writing candidates through `drover` and
    /// asking the primaries (call before counting commands on the backends).
    func keys(on index: Int, count: Int, through drover: DroverProcess, prefix: String = "probe") throws -> [String] {
        let connection = try drover.connect()
        var found: [String] = []
        var i = 0
        while found.count < count {
            let key = "\(prefix):\(i)"
            i += 1
            _ = try connection.command("SET", key, "x")
            if try shards[index].primary.client().command("EXISTS", key) == .integer(1) { found.append(key) }
            guard i < 10_000 else { throw HarnessError("no keys found on shard \(index)") }
        }
        return found
    }

    /// Stops the drovers (checking they exit 0), then every server.
    func stop() {
        for drover in drovers { drover.stop() }
        for shard in shards {
            shard.primary.stop()
            shard.replicas.forEach { $0.stop() }
            shard.failover.forEach { $0.stop() }
        }
    }
}
