/// drover's SCAN cursor: which shard is being scanned and that shard's own cursor.
///
/// ```
///   drover cursor = backend cursor << 10 | shard        (a decimal uint64, like Redis's)
///   0                      -> shard 0, backend cursor 0: a new iteration
///   shard s answers 0      -> go on with shard s + 1 at backend cursor 0 (cursor = s + 1)
///   the last shard says 0  -> 0: the iteration is over
/// ```
/// So a full iteration visits every shard once, in order, and ends at 0, and clients that
/// keep cursors in a uint64 (go-redis) or parse them as integers (redis-py) work
/// unchanged. The low 10 bits hold the shard, so pools of up to 1024 shards are
/// supported, and a Redis cursor must stay below 2^54 (Redis's cursor never exceeds its
/// hash table's size).
public enum ScanCursor {
    /// Bits of the cursor that hold the shard.
    public static let shardBits = 10
    /// The most shards a cursor can name.
    public static let maxShards = 1 << shardBits

    /// Splits a client's cursor argument; nil if it is not a cursor for a pool of
    /// `shardCount` shards.
    public static func decode(_ text: UnsafeRawBufferPointer, shardCount: Int) -> (shard: Int, cursor: UInt64)? {
        guard !text.isEmpty, text.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in text {
            let digit = byte &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { return nil }
            value = sum
        }
        let shard = Int(value & UInt64(maxShards - 1))
        guard shard < shardCount else { return nil }
        return (shard, value >> UInt64(shardBits))
    }

    /// The cursor to hand the client after shard `shard` answered `backendCursor`; nil if
    /// the backend's cursor does not fit.
    public static func next(shard: Int, backendCursor: UInt64, shardCount: Int) -> UInt64? {
        if backendCursor == 0 {
            return shard + 1 < shardCount ? UInt64(shard + 1) : 0
        }
        guard backendCursor < UInt64(1) << UInt64(64 - shardBits) else { return nil }
        return backendCursor << UInt64(shardBits) | UInt64(shard)
    }
}
