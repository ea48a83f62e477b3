import Backend
import Config
import DroverCore
import Synchronization

/// The live side of one pool, next to its immutable ``PoolSnapshot``: which nodes make up
/// each shard, each node's shared health, and the ring in use while `auto_eject_hosts`
/// keeps shards off it.
///
/// Workers read the health cells with relaxed atomics on every request (no lock); the
/// ejection ring changes only on the health monitor's queue and reaches the workers through
/// their inboxes.
final class PoolHealth: Sendable {
    /// Per shard: its primary, replicas and failover nodes, by node number.
    let topology: PoolTopology
    /// By node number: where the node is, as configured.
    let nodes: [ServerAddress]
    /// By node number: the same, resolved.
    let addresses: [SocketAddress]
    /// By node number: e.g. `shard 's1' (127.0.0.1:7001)`, `shard 's1' replica 127.0.0.1:7011`.
    let labels: [String]
    /// By node number: the node's shared health.
    let cells: [NodeHealthCell]
    /// Per shard: its name.
    let shardNames: [String]
    /// The router while shards are ejected; nil while every shard is on the ring.
    private let ejectedRouter = Mutex<Router?>(nil)

    init(config: PoolConfig) throws {
        let (topology, nodes) = PoolTopology.numbering(config.shards.map {
            (primary: $0.primary.address, replicas: $0.replicas.map(\.address), failover: $0.failover.map(\.address))
        })
        self.topology = topology
        self.nodes = nodes
        addresses = try nodes.map { try SocketAddress($0) }
        var labels = [String?](repeating: nil, count: nodes.count)
        for (index, shard) in topology.shards.enumerated() {
            let name = config.shards[index].name
            labels[shard.primary] = labels[shard.primary] ?? "shard '\(name)' (\(nodes[shard.primary]))"
            for node in shard.replicas { labels[node] = labels[node] ?? "shard '\(name)' replica \(nodes[node])" }
            for node in shard.failover { labels[node] = labels[node] ?? "shard '\(name)' failover \(nodes[node])" }
        }
        self.labels = labels.map { $0 ?? "" }
        cells = nodes.indices.map {
            NodeHealthCell(node: $0, label: labels[$0] ?? "", failureLimit: config.serverFailureLimit)
        }
        shardNames = config.shards.map(\.name)
    }

    /// Whether node `node` takes requests.
    @inline(__always) func isUsable(_ node: Int) -> Bool { cells[node].isUsable }

    /// Whether replica `node` may serve reads.
    @inline(__always) func isInSync(_ node: Int) -> Bool { cells[node].isInSync }

    /// The router workers should use: the ejection ring while shards are ejected, else
    /// `normal` (the snapshot's).
    func router(normal: Router) -> Router {
        ejectedRouter.withLock { $0 } ?? normal
    }

    /// Sets the ejection ring (the monitor, when the set of ejected shards changes).
    func setEjectedRouter(_ router: Router?) {
        ejectedRouter.withLock { $0 = router }
    }
}
