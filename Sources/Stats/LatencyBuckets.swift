/// The fixed latency histogram every backend server keeps per worker: powers of two of
/// nanoseconds from 2^14 (16.4 µs), so a bucket is found with one leading-zero count —
/// no division, no table.
///
/// ```
///   bucket:       0          1          2               19           20
///   latency:  ≤16.4µs   ≤32.8µs   ≤65.5µs   ...    ≤8.59s    more (+Inf)
/// ```
public enum LatencyBuckets {
    /// Number of buckets, the overflow bucket included.
    @inlinable public static var count: Int { 21 }

    /// log2 of the smallest bucket's upper bound in nanoseconds.
    static let firstBoundLog2 = 14

    /// Bucket `index`'s inclusive upper bound in nanoseconds; nil for the overflow bucket.
    public static func upperBoundNanoseconds(_ index: Int) -> Int? {
        index < count - 1 ? 1 << (firstBoundLog2 + index) : nil
    }

    /// The bucket of a latency measured in nanoseconds.
    @inlinable @inline(__always)
    public static func index(nanoseconds: Int64) -> Int {
        let below = UInt64(truncatingIfNeeded: max(nanoseconds, 1)) &- 1
        let bits = 64 - below.leadingZeroBitCount      // 16384 ns: 16383 has 14 bits -> bucket 0
        return min(max(bits - 14, 0), 20)
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
                let lower = index == 0 ? 0 : Double(1 << (firstBoundLog2 + index - 1))
                guard let upper = upperBoundNanoseconds(index).map(Double.init) else { return lower / 1000 }
                let inside = max(rank - Double(below), 0) / Double(count)
                return (lower + (upper - lower) * inside) / 1000
            }
            below += count
        }
        return upperBoundNanoseconds(count - 2).map { Double($0) / 1000 }
    }
}
