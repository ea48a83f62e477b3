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
    /// Per node (shard name and address), one per worker.
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

    /// Switches to a reload's snapshot, keeping the counters of nodes that stay.
    func install(_ next: PoolSnapshot) {
        snapshot = next
        var kept: [String: [ServerCounters]] = [:]
        for shard in next.config.shards {
            let key = Self.serverKey(shard)
            kept[key] = servers[key] ?? counters.map { _ in ServerCounters() }
        }
        servers = kept
        let perShard = next.config.shards.map { kept[Self.serverKey($0)]! }
        workerStats = counters.indices.map { worker in
            WorkerPoolStats(pool: counters[worker], clients: clients, servers: perShard.map { $0[worker] })
        }
    }

    /// What worker `worker` serves for this pool.
    func assignment(worker: Int) -> PoolAssignment {
        PoolAssignment(snapshot: snapshot, stats: workerStats[worker])
    }

    /// The pool's counters for the stats readers.
    var statsSource: StatsSources.Pool {
        StatsSources.Pool(
            name: name, listen: snapshot.config.listen.description, clients: clients, counters: counters,
            servers: snapshot.config.shards.map {
                StatsSources.Server(shard: $0.name, address: $0.primary.address.description,
                                    counters: servers[Self.serverKey($0)] ?? [])
            })
    }

    private static func serverKey(_ shard: ShardConfig) -> String {
        "\(shard.name) \(shard.primary.address)"
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
