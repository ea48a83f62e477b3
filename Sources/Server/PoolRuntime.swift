import Backend
import Config
import Stats

/// One pool as the control plane keeps it across reloads: its current snapshot, its
/// listener, and the counters that outlive a configuration generation.
///
/// Confined to the server's accept queue, where accepting, reloading and stopping run.
final class PoolRuntime: @unchecked Sendable {
    let name: String
    /// The pool's position in the running configuration (what `Worker.Message.client` names).
    var index: Int
    private(set) var snapshot: PoolSnapshot
    var listener: Listener?
    /// What the listener's accept handler serves; moved to a new runtime when a reload
    /// renames the pool but keeps its address (the socket stays open).
    var acceptTarget: AcceptTarget?
    let clients = ClientGauge()
    /// One per worker.
    let counters: [PoolCounters]
    /// Per node (by its label: shard name, role and address), one per worker.
    private var servers: [String: [ServerCounters]] = [:]
    /// One per worker, for the current snapshot.
    private(set) var workerStats: [WorkerPoolStats] = []

    init(index: Int, config: PoolConfig, workers: Int) throws {
        name = config.name
        self.index = index
        snapshot = try PoolSnapshot(index: index, config: config)
        counters = (0..<workers).map { _ in PoolCounters() }
        install(snapshot)
    }

    /// Switches to a reload's snapshot, keeping the counters of nodes that stay (the same
    /// label, as the connections a reload carries over: ``WorkerPool/ConnectionKey``).
    func install(_ next: PoolSnapshot) {
        snapshot = next
        var kept: [String: [ServerCounters]] = [:]
        for label in next.health.labels {
            kept[label] = servers[label] ?? counters.map { _ in ServerCounters() }
        }
        servers = kept
        let perNode = next.health.labels.map { kept[$0]! }
        workerStats = counters.indices.map { worker in
            WorkerPoolStats(pool: counters[worker], clients: clients, servers: perNode.map { $0[worker] })
        }
    }

    /// Per node of the current snapshot: the counters the health monitor counts its
    /// outages in (the first worker's; readers sum over workers).
    var ejectionCounters: [ServerCounters] {
        snapshot.health.labels.map { servers[$0]?.first ?? ServerCounters() }
    }

    /// What worker `worker` serves for this pool.
    func assignment(worker: Int) -> PoolAssignment {
        PoolAssignment(snapshot: snapshot, stats: workerStats[worker])
    }

    /// The pool's counters for the stats readers: one server per node, primaries first
    /// in shard order, then replicas and failover nodes (each under its shard's name).
    var statsSource: StatsSources.Pool {
        let health = snapshot.health
        var shardOf = [Int](repeating: 0, count: health.labels.count)
        // A node shared by shards (one standby for two) is shown under the first; a
        // primary always under its own shard.
        for (shard, nodes) in health.topology.shards.enumerated().reversed() {
            for node in nodes.nodes { shardOf[node] = shard }
        }
        for (shard, nodes) in health.topology.shards.enumerated() { shardOf[nodes.primary] = shard }
        return StatsSources.Pool(
            name: name, listen: snapshot.config.listen.description, clients: clients, counters: counters,
            servers: health.labels.indices.map { node in
                StatsSources.Server(shard: health.shardNames[shardOf[node]], address: health.nodes[node].description,
                                    counters: servers[health.labels[node]] ?? [])
            })
    }
}

/// The pool a listener's accepted clients go to (see ``PoolRuntime/acceptTarget``).
final class AcceptTarget: @unchecked Sendable {
    /// Read and written on the accept queue only.
    var runtime: PoolRuntime

    init(_ runtime: PoolRuntime) {
        self.runtime = runtime
    }
}
