/// Which node takes a shard's writes right now, decided from its nodes' health.
///
/// ```
///   primary usable                   -> .primary
///   else first usable failover node  -> .failover(node)
///   else, auto_eject_hosts           -> .ejected  (the shard leaves the ring; its keys remap)
///   else                             -> .down     (requests fail fast, or read as misses)
/// ```
public enum ShardService: Equatable, Sendable {
    /// The primary serves.
    case primary
    /// The primary is down; this failover node serves.
    case failover(node: Int)
    /// No node can take writes and the shard is off the ring.
    case ejected
    /// No node can take writes.
    case down

    /// The service of `shard` given which nodes are usable.
    ///
    /// - Parameters:
    ///   - shard: The shard's nodes.
    ///   - autoEject: `auto_eject_hosts`.
    ///   - isUsable: Whether a node is up or suspect.
    public static func of(_ shard: PoolTopology.Shard, autoEject: Bool, isUsable: (Int) -> Bool) -> ShardService {
        if isUsable(shard.primary) { return .primary }
        if let node = shard.failover.first(where: isUsable) { return .failover(node: node) }
        return autoEject ? .ejected : .down
    }

    /// The shards to leave off the ring: those whose service is ``ejected``.
    public static func ejectedShards(_ topology: PoolTopology, autoEject: Bool, isUsable: (Int) -> Bool) -> Set<Int> {
        guard autoEject else { return [] }
        return Set(topology.shards.indices.filter {
            of(topology.shards[$0], autoEject: true, isUsable: isUsable) == .ejected
        })
    }

    /// The ring without the ejected shards. Nodes keep their ``RingNode/index`` (the shard
    /// number), so a live shard's keys stay where they were and only the ejected shards'
    /// keys move, as in twemproxy.
    public static func liveRing(_ nodes: [RingNode], ejected: Set<Int>) -> [RingNode] {
        nodes.filter { !ejected.contains($0.index) }
    }
}
