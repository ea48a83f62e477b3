/// What a read of an unreachable shard answers (`on_backend_error`).
public enum BackendErrorPolicy: String, Sendable, CaseIterable {
    /// An `-ERR drover: shard 'x' is down` style error.
    case error
    /// A nil reply, as memcached-style cache clients expect of a miss.
    case miss
}

/// How MULTI/EXEC whose keys span shards is handled (`cross_shard_transactions`).
public enum CrossShardPolicy: String, Sendable, CaseIterable {
    /// The transaction is refused with an error naming the fix (hash tags).
    case refuse
    /// One MULTI/EXEC per shard: atomic per shard, not across shards.
    case split
}

/// Value compression of a pool (`compression:`).
public struct CompressionConfig: Sendable, Equatable {
    /// Compression algorithms drover offers.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// zlib (deflate with the zlib wrapper).
        case zlib
    }

    /// The algorithm.
    public var algorithm: Algorithm
    /// Values shorter than this many bytes are stored raw.
    public var minSize: Int
    /// The compression level, 1 (fastest) to 9 (smallest).
    public var level: Int

    /// Creates a compression setting; the defaults are those of a `compression:` mapping
    /// that leaves the key out.
    ///
    /// - Parameters:
    ///   - algorithm: The algorithm.
    ///   - minSize: The smallest value, in bytes, that is compressed.
    ///   - level: The compression level, 1 to 9.
    public init(algorithm: Algorithm = .zlib, minSize: Int = 1024, level: Int = 6) {
        self.algorithm = algorithm
        self.minSize = minSize
        self.level = level
    }
}
