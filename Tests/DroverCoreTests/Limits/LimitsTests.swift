import DroverCore
import Testing

@Suite struct LogThrottleTests {
    @Test func oneLinePerIntervalCountingTheRest() {
        var throttle = LogThrottle(interval: 1000)
        #expect(throttle.admit(now: 5) == 0)
        #expect(throttle.admit(now: 6) == nil)
        #expect(throttle.admit(now: 1004) == nil)
        #expect(throttle.admit(now: 1005) == 2, "the next line says how many were left out")
        #expect(throttle.admit(now: 3000) == 0)
    }
}

@Suite struct IdleSweepTests {
    let ms: Int64 = 1_000_000

    @Test func idleClientExpiresAtItsTimeout() {
        let verdict = IdleSweep.check(lastRead: 0, busy: false, timeout: 300 * ms, now: 299 * ms)
        #expect(!verdict.expired && verdict.due == 300 * ms)
        #expect(IdleSweep.check(lastRead: 0, busy: false, timeout: 300 * ms, now: 300 * ms).expired)
    }

    @Test func busyClientIsNeverIdle() {
        let verdict = IdleSweep.check(lastRead: 0, busy: true, timeout: 300 * ms, now: 10_000 * ms)
        #expect(!verdict.expired && verdict.due == 10_300 * ms)
    }

    @Test func sweepsAreAtLeastTheGranularityApart() {
        #expect(IdleSweep.next(earliestDue: .max, now: 0) == .max)
        #expect(IdleSweep.next(earliestDue: 5 * ms, now: 0) == IdleSweep.granularity)
        #expect(IdleSweep.next(earliestDue: 500 * ms, now: 0) == 500 * ms)
    }
}
