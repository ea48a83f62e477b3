import Stats

/// One worker's counters for one pool: created by the server (the control plane) and
/// kept across reloads for a pool and for each server that stays, so counters only grow.
final class WorkerPoolStats: Sendable {
    /// The pool's per-worker counters.
    let pool: PoolCounters
    /// The pool's clients, shared by every worker.
    let clients: ClientGauge
    /// Per shard, in the snapshot's shard order: the worker's counters for its node.
    let servers: [ServerCounters]

    init(pool: PoolCounters, clients: ClientGauge, servers: [ServerCounters]) {
        self.pool = pool
        self.clients = clients
        self.servers = servers
    }
}

/// What a worker serves for one pool: the routing snapshot and its own counters. A worker
/// is given one per pool at start and a new list on every reload (``Worker/apply(_:)``).
struct PoolAssignment: Sendable {
    let snapshot: PoolSnapshot
    let stats: WorkerPoolStats
}
