import Backend
import DroverCore
import Stats

/// The health monitor's view of one pool: its cells' observer, and the monitor's state for
/// it. Everything but the `let`s is touched only on the monitor's queue.
final class PoolWatch: NodeHealthObserver, @unchecked Sendable {
    let monitor: HealthMonitor
    let snapshot: PoolSnapshot
    /// When each down node is probed next.
    var schedule: ProbeSchedule
    /// Per shard: which node takes its writes, as last logged.
    var services: [ShardService]
    /// The shards off the ring, as last broadcast.
    var ejected: Set<Int> = []
    /// A reload replaced or removed the snapshot: nothing more is probed, checked or logged.
    var retired = false
    /// Every replica node with its shard.
    let replicas: [(node: Int, shard: Int)]
    /// Per node: bumped whenever a replica must be checked again, so a check that started
    /// before cannot declare it in sync.
    var replicaGeneration: [Int]
    /// Replicas being checked now.
    var checking: Set<Int> = []
    /// Per node: the sync state last logged (so each change is logged once).
    var loggedInSync: [Bool]
    /// Per shard: whether, since its primary was last up, a failover node took its writes
    /// or it was off the ring (its keys written elsewhere): see ``Failback``.
    var awayWrites: [(failedOver: Bool, ejected: Bool)]

    /// Per node: the replicas of the shards it is the primary of (read on any thread).
    let primaryReplicas: [[Int]]
    /// Per node: where its going down is counted (INFO's `ejections`; written only here,
    /// so no worker's single-writer counting is disturbed).
    let ejections: [ServerCounters]

    init(monitor: HealthMonitor, snapshot: PoolSnapshot, ejections: [ServerCounters]) {
        self.monitor = monitor
        self.snapshot = snapshot
        self.ejections = ejections
        let topology = snapshot.health.topology
        schedule = ProbeSchedule(intervalNs: Int64(snapshot.config.serverRetryTimeoutMs) * 1_000_000)
        services = topology.shards.map { _ in .primary }
        replicas = topology.shards.enumerated().flatMap { shard, nodes in nodes.replicas.map { (node: $0, shard: shard) } }
        var ofPrimary = [[Int]](repeating: [], count: topology.nodeCount)
        for shard in topology.shards { ofPrimary[shard.primary] += shard.replicas }
        primaryReplicas = ofPrimary
        replicaGeneration = Array(repeating: 0, count: topology.nodeCount)
        awayWrites = Array(repeating: (false, false), count: topology.shards.count)
        loggedInSync = Array(repeating: true, count: topology.nodeCount)
    }

    /// The clean-ups to run before `primary` is re-admitted: one per shard it is the
    /// primary of whose writes went elsewhere. Holders that are down are skipped (their
    /// keys cannot be read now).
    func failbackCleanups(primary: Int) -> [(shard: Int, cleanup: FailbackCleanup)] {
        let health = snapshot.health
        let map = snapshot.router.shards
        return health.topology.shards.indices.compactMap { shard in
            let away = awayWrites[shard]
            guard health.topology.shards[shard].primary == primary, away.failedOver || away.ejected else { return nil }
            let holders = Failback.holders(of: shard, in: health.topology, failedOver: away.failedOver,
                                           ejected: away.ejected).filter(health.isUsable)
            let cleanup = FailbackCleanup(primary: probe(node: primary), holders: holders.map(probe)) { key in
                key.withUnsafeBytes { map.shard(for: $0) } == shard
            }
            return (shard, cleanup)
        }
    }

    /// Called on the thread that made the change (usually a worker).
    func node(_ cell: NodeHealthCell, changedFrom old: NodeStatus, to new: NodeStatus, reason: String) {
        // A primary that failed may be restarting empty while its replicas still hold the
        // old data: stop reading them before this worker (or any) sends another request,
        // not after the monitor's queue gets to it. Atomics only: safe on any thread.
        if new != .up {
            for replica in primaryReplicas[cell.node] { snapshot.health.cells[replica].setInSync(false) }
        }
        monitor.enqueue(NodeChange(cell: cell, old: old, new: new, reason: reason), in: self)
    }

    /// A check of `node` with the pool's credentials and timeouts.
    func probe(node: Int) -> HealthProbe {
        let config = snapshot.config
        return HealthProbe(address: snapshot.health.nodes[node], username: config.backendUsername,
                           password: config.backendPassword, database: config.redisDb,
                           connectTimeoutMs: config.connectTimeoutMs,
                           replyTimeoutMs: config.timeoutMs ?? config.connectTimeoutMs)
    }

    /// Stops reading from the replicas of `shard` (or the one replica `node`) until a
    /// check finds them in sync.
    /// - Returns: the replicas concerned.
    func distrustReplicas(shard: Int? = nil, node: Int? = nil) -> [Int] {
        var concerned: [Int] = []
        for replica in replicas where replica.shard == shard || replica.node == node {
            replicaGeneration[replica.node] += 1
            snapshot.health.cells[replica.node].setInSync(false)
            concerned.append(replica.node)
        }
        return concerned
    }
}

/// A status change reported by a node's cell.
struct NodeChange: Sendable {
    let cell: NodeHealthCell
    let old: NodeStatus
    let new: NodeStatus
    let reason: String
}
