/// Which backend nodes make up each shard of a pool.
///
/// Nodes are numbered once per pool; a server named by two shards (one standby serving as
/// the failover node of both, say) is one node, with one health state.
///
/// ```
///   shards:  s0 = primary A, replicas [B],  failover [C]      nodes: 0 A  1 B  2 C
///            s1 = primary D,                failover [C]             3 D  (C is node 2)
/// ```
public struct PoolTopology: Sendable, Equatable {
    /// The nodes of one shard, by node number.
    public struct Shard: Sendable, Equatable {
        /// Takes the writes (and reads, per the read policy).
        public let primary: Int
        /// Read replicas of the primary.
        public let replicas: [Int]
        /// Take the shard's traffic, first usable one first, while the primary is down.
        public let failover: [Int]

        public init(primary: Int, replicas: [Int] = [], failover: [Int] = []) {
            self.primary = primary
            self.replicas = replicas
            self.failover = failover
        }

        /// Every node of the shard: primary, replicas, failover nodes.
        public var nodes: [Int] { [primary] + replicas + failover }
    }

    /// Per shard, in ring order.
    public let shards: [Shard]
    /// The number of distinct nodes.
    public let nodeCount: Int
    /// Per shard: whether it has any node besides its primary.
    public let hasAlternatives: [Bool]
    /// Whether every shard is a primary alone (a twemproxy `servers:` pool).
    public let primariesOnly: Bool
    /// Whether any shard has a replica.
    public let hasReplicas: Bool

    /// - Parameter shards: per shard, nodes numbered from 0.
    public init(shards: [Shard]) {
        self.shards = shards
        nodeCount = (shards.flatMap(\.nodes).max() ?? -1) + 1
        hasAlternatives = shards.map { !$0.replicas.isEmpty || !$0.failover.isEmpty }
        primariesOnly = !hasAlternatives.contains(true)
        hasReplicas = shards.contains { !$0.replicas.isEmpty }
    }

    /// Numbers the nodes of `shards`, giving equal keys (addresses) one number.
    ///
    /// - Parameter shards: per shard, the keys of its primary, replicas and failover nodes.
    /// - Returns: the topology and each node's key, by node number.
    public static func numbering<Key: Hashable>(
        _ shards: [(primary: Key, replicas: [Key], failover: [Key])]
    ) -> (topology: PoolTopology, nodes: [Key]) {
        var numbers: [Key: Int] = [:]
        var nodes: [Key] = []
        func number(_ key: Key) -> Int {
            if let known = numbers[key] { return known }
            numbers[key] = nodes.count
            nodes.append(key)
            return nodes.count - 1
        }
        // Primaries first, so in a servers: pool node i is shard i.
        let primaries = shards.map { number($0.primary) }
        let built = shards.enumerated().map { index, shard in
            Shard(primary: primaries[index], replicas: shard.replicas.map(number), failover: shard.failover.map(number))
        }
        return (PoolTopology(shards: built), nodes)
    }
}
