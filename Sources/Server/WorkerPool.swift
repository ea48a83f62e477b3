import Backend
import DroverCore
import Logging
import Stats

/// One worker's view of a pool: the shared snapshot plus this worker's own pipelined
/// connections to every shard (`server_connections` per shard).
final class WorkerPool {
    let snapshot: PoolSnapshot
    /// `snapshot.router`, one hop closer: clients reach it from a borrowed pool without a retain.
    let router: Router
    /// This worker's counters for the pool and its servers; they outlive reloads.
    let stats: WorkerPoolStats
    /// [protocol - 2][shard][connection]: RESP2 clients and RESP3 clients never share a
    /// backend connection, so every reply reaches its client exactly as Redis wrote it.
    let backends: [[[BackendConnection]]]
    /// Connections for WATCH, blocking commands and pub/sub.
    let dedicated: DedicatedPool
    /// Keeps `max_clients` rejections to a log line a second.
    var rejectionLog = EventThrottle()

    /// - Parameter old: the pool this one replaces on a reload; its connections to nodes
    ///   that stay (same shard, address and setup) are carried over instead of reopened.
    init(snapshot: PoolSnapshot, stats: WorkerPoolStats, poller: Poller, deadline: Deadline, logger: Logger,
         now: Int64, replacing old: WorkerPool? = nil) {
        self.snapshot = snapshot
        router = snapshot.router
        self.stats = stats
        dedicated = old.flatMap { $0.carryDedicated(to: snapshot) }
            ?? DedicatedPool(snapshot: snapshot, poller: poller, deadline: deadline, logger: logger)
        let config = snapshot.config
        var carried = old.map { $0.reusableConnections(for: snapshot) } ?? [:]
        backends = [snapshot.setupCommands, snapshot.setupCommandsRESP3].enumerated().map { protocolIndex, setup in
            snapshot.shardAddresses.indices.map { shard in
                (0..<max(1, config.serverConnections)).map { slot in
                    let key = ConnectionKey(protocolIndex: protocolIndex, label: snapshot.shardLabels[shard], slot: slot)
                    if let connection = carried.removeValue(forKey: key) {
                        // Same node, same counters: the runtime keys them by shard name and address.
                        assert(connection.counters === stats.servers[shard])
                        connection.setTimeouts(timeoutMs: config.timeoutMs, connectTimeoutMs: config.connectTimeoutMs)
                        return connection
                    }
                    return BackendConnection(label: snapshot.shardLabels[shard], address: snapshot.shardAddresses[shard],
                                             poller: poller, deadline: deadline, logger: logger, setupCommands: setup,
                                             timeoutMs: config.timeoutMs, connectTimeoutMs: config.connectTimeoutMs,
                                             counters: stats.servers[shard])
                }
            }
        }
        if config.preconnect {
            for connections in backends[0] { for connection in connections { connection.connectNow(now: now) } }
        }
    }

    /// The connection a client's requests to `shard` use. One client always uses the
    /// same connection per shard, so its pipelined requests keep their order on the backend.
    @inline(__always)
    func backend(shard: Int, clientID: Int, protocolVersion: Int) -> BackendConnection {
        let connections = backends[protocolVersion == 3 ? 1 : 0][shard]
        return connections.count == 1 ? connections[0] : connections[clientID % connections.count]
    }

    /// Times out overdue requests; returns the earliest next deadline.
    func expire(now: Int64) -> Int64 {
        var next = dedicated.expire(now: now)
        for connections in backends.joined() {
            for connection in connections where connection.inFlight > 0 || connection.state == .connecting {
                next = min(next, connection.expire(now: now))
            }
        }
        return next
    }
}
