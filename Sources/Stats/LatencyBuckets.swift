/// The fixed latency histogram every backend server keeps per worker: powers of two of
/// microseconds, so a bucket is found with one leading-zero count and no table.
///
/// ```
///   bucket:      0       1       2            19            20
///   latency:  ≤16µs   ≤32µs   ≤64µs   ...   ≤8.39s   more (+Inf)
/// ```
public enum LatencyBuckets {
    /// Number of buckets, the overflow bucket included.
    @inlinable public static var count: Int { 21 }

    /// The smallest bucket's upper bound, in microseconds.
    static let firstBoundMicros = 16

    /// Bucket `index`'s inclusive upper bound in microseconds; nil for the overflow bucket.
    public static func upperBoundMicros(_ index: Int) -> Int? {
        index < count - 1 ? firstBoundMicros << index : nil
    }

    /// The bucket of a latency measured in nanoseconds.
    @inlinable @inline(__always)
    public static func index(nanoseconds: Int64) -> Int {
        let micros = UInt64(truncatingIfNeeded: max(nanoseconds / 1000, 1)) &- 1
        let bits = 64 - micros.leadingZeroBitCount      // 16µs: 15 = 0b1111 -> 4 bits -> bucket 0
        return min(max(bits - 4, 0), 20)
    }

    /// The latency below which a fraction `quantile` of the observations fall, in
    /// microseconds, interpolated linearly inside its bucket (as Prometheus's
    /// `histogram_quantile` does); nil when nothing was observed.
    ///
    /// - Parameters:
    ///   - quantile: 0.5 for the median, 0.99, 0.999, ...
    ///   - counts: Observations per bucket (``count`` entries).
    /// - Returns: Microseconds; for the overflow bucket, its lower bound.
    public static func quantile(_ quantile: Double, counts: [Int]) -> Double? {
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = quantile * Double(total)
        var below = 0
        for (index, count) in counts.enumerated() where count > 0 {
            if Double(below + count) >= rank {
                let lower = index == 0 ? 0 : Double(firstBoundMicros << (index - 1))
                guard let upper = upperBoundMicros(index).map(Double.init) else { return lower }
                let inside = max(rank - Double(below), 0) / Double(count)
                return lower + (upper - lower) * inside
            }
            below += count
        }
        return upperBoundMicros(count - 2).map(Double.init)
    }
}
