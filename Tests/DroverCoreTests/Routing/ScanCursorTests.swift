import DroverCore
import Testing

@Suite struct ScanCursorTests {
    private func decode(_ s: String, shards: Int = 3) -> (shard: Int, cursor: UInt64)? {
        Array(s.utf8).withUnsafeBytes { ScanCursor.decode($0, shardCount: shards) }
    }

    @Test func zeroStartsAtTheFirstShard() throws {
        let start = try #require(decode("0"))
        #expect(start.shard == 0 && start.cursor == 0)
    }

    @Test func aFullIterationVisitsEveryShardInOrderAndEndsAtZero() throws {
        // Shard 0 answers 17 then 0; shard 1 answers 0 at once; shard 2 answers 5 then 0.
        var cursor = try #require(ScanCursor.next(shard: 0, backendCursor: 17, shardCount: 3))
        #expect(cursor == 17 << 10)
        var (shard, backend) = try #require(decode(String(cursor)))
        #expect(shard == 0 && backend == 17)
        cursor = try #require(ScanCursor.next(shard: 0, backendCursor: 0, shardCount: 3))
        #expect(cursor == 1)
        (shard, backend) = try #require(decode(String(cursor)))
        #expect(shard == 1 && backend == 0)
        cursor = try #require(ScanCursor.next(shard: 1, backendCursor: 0, shardCount: 3))
        (shard, backend) = try #require(decode(String(cursor)))
        #expect(shard == 2 && backend == 0)
        cursor = try #require(ScanCursor.next(shard: 2, backendCursor: 5, shardCount: 3))
        #expect(cursor == 5 << 10 | 2)
        #expect(ScanCursor.next(shard: 2, backendCursor: 0, shardCount: 3) == 0, "the last shard's 0 ends it")
    }

    @Test func badCursorsAreRefused() {
        #expect(decode("3") == nil, "no shard 3 in a pool of 3")
        #expect(decode("-1") == nil)
        #expect(decode("12a") == nil)
        #expect(decode("") == nil)
        #expect(decode("18446744073709551616") == nil, "beyond uint64")
        #expect(decode("18446744073709551615", shards: 1024) != nil, "uint64's largest value is a cursor")
        #expect(ScanCursor.next(shard: 0, backendCursor: 1 << 54, shardCount: 3) == nil, "too large to encode")
    }
}
