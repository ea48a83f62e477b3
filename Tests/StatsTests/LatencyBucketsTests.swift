import Stats
import Testing

@Suite struct LatencyBucketsTests {
    @Test func bucketBoundsArePowersOfTwoMicroseconds() {
        #expect(LatencyBuckets.upperBoundMicros(0) == 16)
        #expect(LatencyBuckets.upperBoundMicros(1) == 32)
        #expect(LatencyBuckets.upperBoundMicros(19) == 8_388_608)
        #expect(LatencyBuckets.upperBoundMicros(20) == nil, "the last bucket is +Inf")
    }

    @Test func observationsLandInTheBucketWhoseBoundIncludesThem() {
        let cases: [(Int64, Int)] = [
            (0, 0), (999, 0), (16_000, 0), (16_999, 0), (17_000, 1), (32_000, 1), (33_000, 2),
            (100_000, 3), (128_000, 3), (129_000, 4), (1_000_000, 6), (8_388_608_000, 19),
            (8_388_609_000, 20), (Int64.max, 20),
        ]
        for (nanoseconds, bucket) in cases {
            #expect(LatencyBuckets.index(nanoseconds: nanoseconds) == bucket, "\(nanoseconds) ns")
            if let bound = LatencyBuckets.upperBoundMicros(bucket) {
                #expect(nanoseconds / 1000 <= Int64(bound))
            }
        }
    }

    @Test func quantilesInterpolateInsideTheBucket() throws {
        var counts = Array(repeating: 0, count: LatencyBuckets.count)
        #expect(LatencyBuckets.quantile(0.5, counts: counts) == nil)
        counts[3] = 100  // 64 < latency <= 128 µs
        #expect(LatencyBuckets.quantile(0.5, counts: counts) == 96)
        #expect(LatencyBuckets.quantile(1.0, counts: counts) == 128)
        counts[20] = 1   // one huge outlier
        #expect(try #require(LatencyBuckets.quantile(0.999, counts: counts)) == 8_388_608)
        #expect(try #require(LatencyBuckets.quantile(0.99, counts: counts)) < 128)
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
