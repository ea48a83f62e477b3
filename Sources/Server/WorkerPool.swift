import Backend
import DroverCore
import Logging
import Stats
import Synchronization

/// One worker's view of a pool: the shared snapshot plus this worker's own pipelined
/// connections to every node of every shard (`server_connections` per node).
final class WorkerPool {
    let snapshot: PoolSnapshot
    /// This worker's counters for the pool and its nodes; they outlive reloads.
    let stats: WorkerPoolStats
    /// [protocol - 2][node][connection]: RESP2 clients and RESP3 clients never share a
    /// backend connection, so every reply reaches its client exactly as Redis wrote it.
    /// Nodes are numbered by the snapshot's `health.topology`; a shard's primary first.
    let backends: [[[BackendConnection]]]
    /// The pool's live node health, shared with the other workers.
    let health: PoolHealth
    /// The router in use: the snapshot's, or the ejection ring while shards are ejected.
    /// Clients hold it unowned: it lives here until every client of the pool has the next.
    var routing: RouterBox
    /// Nothing to decide per request beyond "is the primary up": every shard is a primary
    /// alone (node i is shard i) and unreachable shards answer errors.
    let primariesOnly: Bool
    /// Per shard: its primary's node number.
    let primaryNode: [Int]
    /// Per shard: its primary's health word (kept alive by `health`), for the fast path.
    let primaryWords: UnsafeMutableBufferPointer<UnsafeMutablePointer<Atomic<Int>>>
    /// `read_your_writes` in ns; 0 when reads never leave the primary anyway.
    let readYourWritesNs: Int64
    /// Connections for WATCH, blocking commands and pub/sub.
    let dedicated: DedicatedPool
    /// Keeps `max_clients` rejections to a log line a second.
    var rejectionLog = EventThrottle()

    /// - Parameter old: the pool this one replaces on a reload; its connections to nodes
    ///   that stay (same node label, so same shard, role and address, and same setup) are carried over instead of reopened.
    init(snapshot: PoolSnapshot, stats: WorkerPoolStats, poller: Poller, deadline: Deadline, logger: Logger,
         now: Int64, replacing old: WorkerPool? = nil) {
        self.snapshot = snapshot
        self.stats = stats
        dedicated = old.flatMap { $0.carryDedicated(to: snapshot) }
            ?? DedicatedPool(snapshot: snapshot, poller: poller, deadline: deadline, logger: logger)
        let config = snapshot.config
        let health = snapshot.health
        self.health = health
        routing = RouterBox(health.router(normal: snapshot.router))
        primaryNode = health.topology.shards.map(\.primary)
        primariesOnly = health.topology.primariesOnly && config.onBackendError == .error
            && primaryNode == Array(primaryNode.indices)
        primaryWords = .allocate(capacity: primaryNode.count)
        _ = primaryWords.initialize(from: primaryNode.map { health.cells[$0].word })
        let replicaReads = health.topology.hasReplicas && config.readPolicy != .primary
        readYourWritesNs = replicaReads ? Int64(config.readYourWritesMs) * 1_000_000 : 0
        var carried = old.map { $0.reusableConnections(for: snapshot) } ?? [:]
        backends = [snapshot.setupCommands, snapshot.setupCommandsRESP3].enumerated().map { protocolIndex, setup in
            health.addresses.indices.map { node in
                (0..<max(1, config.serverConnections)).map { slot in
                    let key = ConnectionKey(protocolIndex: protocolIndex, label: health.labels[node], slot: slot)
                    if let connection = carried.removeValue(forKey: key) {
                        // Same node, same counters: the runtime keys them by node label.
                        assert(connection.counters === stats.servers[node])
                        connection.setTimeouts(timeoutMs: config.timeoutMs, connectTimeoutMs: config.connectTimeoutMs)
                        // The new snapshot's health starts fresh; failures count there now.
                        connection.setHealth(health.cells[node])
                        return connection
                    }
                    return BackendConnection(label: health.labels[node], address: health.addresses[node],
                                             poller: poller, deadline: deadline, logger: logger, setupCommands: setup,
                                             timeoutMs: config.timeoutMs, connectTimeoutMs: config.connectTimeoutMs,
                                             counters: stats.servers[node], health: health.cells[node])
                }
            }
        }
        if config.preconnect {
            for connections in backends[0] { for connection in connections { connection.connectNow(now: now) } }
        }
    }

    deinit {
        primaryWords.deallocate()
    }

    /// Whether `shard`'s primary takes requests.
    @inline(__always) func isPrimaryUsable(_ shard: Int) -> Bool {
        NodeHealthCell.isUsable(primaryWords[shard])
    }

    /// The connection a client's requests to `node` use. One client always uses the
    /// same connection per node, so its pipelined requests keep their order on the backend.
    @inline(__always)
    func backend(node: Int, clientID: Int, protocolVersion: Int) -> BackendConnection {
        let connections = backends[protocolVersion == 3 ? 1 : 0][node]
        return connections.count == 1 ? connections[0] : connections[clientID % connections.count]
    }

    /// The connection for writes to `shard`: its primary's, or while the primary is down
    /// its first usable failover node's.
    func backend(shard: Int, clientID: Int, protocolVersion: Int) -> BackendConnection {
        let node = NodeSelector.choose(health.topology.shards[shard], access: .write, spread: clientID,
                                       isUsable: health.isUsable) ?? primaryNode[shard]
        return backend(node: node, clientID: clientID, protocolVersion: protocolVersion)
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
