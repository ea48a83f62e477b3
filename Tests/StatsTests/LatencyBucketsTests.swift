import Stats
import Testing

@Suite struct LatencyBucketsTests {
    @Test func bucketBoundsArePowersOfTwoNanoseconds() {
        #expect(LatencyBuckets.upperBoundNanoseconds(0) == 16_384)
        #expect(LatencyBuckets.upperBoundNanoseconds(1) == 32_768)
        #expect(LatencyBuckets.upperBoundNanoseconds(19) == 8_589_934_592)
        #expect(LatencyBuckets.upperBoundNanoseconds(20) == nil, "the last bucket is +Inf")
    }

    @Test func observationsLandInTheBucketWhoseBoundIncludesThem() {
        let cases: [(Int64, Int)] = [
            (-5, 0), (0, 0), (1, 0), (16_384, 0), (16_385, 1), (32_768, 1), (32_769, 2), (100_000, 3),
            (131_072, 3), (131_073, 4), (1_000_000, 6), (8_589_934_592, 19), (8_589_934_593, 20), (Int64.max, 20),
        ]
        for (nanoseconds, bucket) in cases {
            #expect(LatencyBuckets.index(nanoseconds: nanoseconds) == bucket, "\(nanoseconds) ns")
            if let bound = LatencyBuckets.upperBoundNanoseconds(bucket) {
                #expect(nanoseconds <= Int64(bound))
            }
            if bucket > 0 {
                #expect(nanoseconds > Int64(LatencyBuckets.upperBoundNanoseconds(bucket - 1)!))
            }
        }
    }

    @Test func quantilesInterpolateInsideTheBucket() throws {
        var counts = Array(repeating: 0, count: LatencyBuckets.count)
        #expect(LatencyBuckets.quantile(0.5, counts: counts) == nil)
        counts[3] = 100  // 65.536 < latency <= 131.072 µs
        #expect(LatencyBuckets.quantile(0.5, counts: counts) == 98.304)
        #expect(LatencyBuckets.quantile(1.0, counts: counts) == 131.072)
        counts[20] = 1   // one huge outlier
        #expect(try #require(LatencyBuckets.quantile(0.999, counts: counts)) == 8_589_934.592)
        #expect(try #require(LatencyBuckets.quantile(0.99, counts: counts)) < 131.072)
    }

    @Test func serverCountersKeepTheirHistogram() {
        let counters = ServerCounters()
        counters.observe(latencyNs: 50_000)
        counters.observe(latencyNs: 50_000)
        counters.observe(latencyNs: 2_000_000)
        #expect(counters.latencyCounts[2] == 2)
        #expect(counters.latencyCounts[7] == 1)
        #expect(counters.latencySumNs.value == 2_100_000)
        #expect(counters.transition(to: .up))
        #expect(!counters.transition(to: .up), "no change, nothing to log")
        #expect(counters.currentState == .up)
    }
}

@Suite struct EventThrottleTests {
    @Test func oneEventPerIntervalWithTheCountHeldBack() {
        var throttle = EventThrottle(intervalNs: 1000)
        #expect(throttle.record(now: 0) == 0)
        #expect(throttle.record(now: 10) == nil)
        #expect(throttle.record(now: 999) == nil)
        #expect(throttle.record(now: 1000) == 2)
        #expect(throttle.record(now: 5000) == 0)
    }
}
