/// Where one pool's keys live: twemproxy's hash, hash tag and distribution over the
/// pool's shards. Immutable; rebuilt when the shard set changes.
public struct ShardMap: Sendable {
    public let hash: HashFunction
    public let hashTag: HashTag?
    public let continuum: Continuum
    /// Number of shards in the pool (live or not).
    public let shardCount: Int

    /// - Parameter nodes: the shards on the ring, `index` = shard number.
    public init(hash: HashFunction, hashTag: HashTag?, distribution: Distribution,
                nodes: [RingNode], shardCount: Int) {
        self.hash = hash
        self.hashTag = hashTag
        self.continuum = Continuum(nodes: nodes, distribution: distribution)
        self.shardCount = shardCount
    }

    /// The shard that owns `key`, or nil when no shard is on the ring.
    @inlinable
    public func shard(for key: UnsafeRawBufferPointer) -> Int? {
        let hashed = hashTag.map { $0.hashedPart(of: key) } ?? key
        return continuum.node(for: hash.hash(hashed))
    }
}
