import DroverCore
import Testing

/// The node state machine: up -> suspect -> down after server_failure_limit consecutive
/// failures -> probed every server_retry_timeout -> up only after a successful probe.
@Suite struct NodeHealthTests {
    @Test func consecutiveFailuresMarkDownAtTheLimit() {
        var word = NodeHealth.upWord
        word = NodeHealth.afterFailure(word, limit: 3)
        #expect(NodeHealth.status(of: word) == .suspect(failures: 1))
        word = NodeHealth.afterFailure(word, limit: 3)
        #expect(NodeHealth.status(of: word) == .suspect(failures: 2))
        #expect(NodeHealth.isUsable(word), "a suspect node still takes requests")
        word = NodeHealth.afterFailure(word, limit: 3)
        #expect(NodeHealth.status(of: word) == .down)
        #expect(!NodeHealth.isUsable(word))
        #expect(NodeHealth.afterFailure(word, limit: 3) == NodeHealth.downWord, "down stays down")
    }

    @Test func aReplyResetsTheCountButNeverReadmitsADownNode() {
        var word = NodeHealth.afterFailure(NodeHealth.upWord, limit: 2)
        word = NodeHealth.afterReply(word)
        #expect(NodeHealth.status(of: word) == .up)
        word = NodeHealth.afterFailure(word, limit: 2)
        #expect(NodeHealth.status(of: word) == .suspect(failures: 1), "the count restarted after the reply")
        word = NodeHealth.afterFailure(word, limit: 2)
        #expect(NodeHealth.status(of: word) == .down)
        #expect(NodeHealth.afterReply(word) == NodeHealth.downWord, "a late reply does not re-admit")
    }

    @Test func limitsBelowOneMarkDownOnTheFirstFailure() {
        #expect(NodeHealth.afterFailure(NodeHealth.upWord, limit: 0) == NodeHealth.downWord)
        #expect(NodeHealth.afterFailure(NodeHealth.upWord, limit: 1) == NodeHealth.downWord)
    }

    @Test func onlyAProbeBringsADownNodeBack() {
        #expect(NodeHealth.afterProbe(NodeHealth.downWord, succeeded: false) == NodeHealth.downWord)
        #expect(NodeHealth.afterProbe(NodeHealth.downWord, succeeded: true) == NodeHealth.upWord)
        #expect(NodeHealth.afterProbe(1, succeeded: true) == 1, "a probe result does not touch a live node")
    }

    @Test func probesRunEveryRetryIntervalUntilOneSucceeds() {
        let ms: Int64 = 1_000_000
        var schedule = ProbeSchedule(intervalNs: 500 * ms)
        schedule.nodeWentDown(4, now: 1000 * ms)
        #expect(schedule.nextDue == 1500 * ms)
        #expect(schedule.takeDue(now: 1499 * ms).isEmpty, "not before server_retry_timeout")
        #expect(schedule.takeDue(now: 1500 * ms) == [4])
        #expect(schedule.takeDue(now: 9999 * ms).isEmpty, "one probe at a time per node")
        #expect(schedule.nextDue == nil, "the running probe is not due again")
        let readmittedEarly = schedule.probeFinished(4, succeeded: false, now: 1700 * ms)
        #expect(!readmittedEarly)
        #expect(schedule.nextDue == 2200 * ms, "the next probe one interval after the failed one ended")
        #expect(schedule.takeDue(now: 2200 * ms) == [4])
        let readmitted = schedule.probeFinished(4, succeeded: true, now: 2210 * ms)
        #expect(readmitted, "re-admit")
        #expect(schedule.downNodes.isEmpty)
        #expect(schedule.nextDue == nil)
    }

    @Test func goingDownTwiceKeepsTheFirstSchedule() {
        var schedule = ProbeSchedule(intervalNs: 100)
        schedule.nodeWentDown(1, now: 0)
        schedule.nodeWentDown(1, now: 50)
        schedule.nodeWentDown(2, now: 30)
        #expect(schedule.takeDue(now: 100) == [1])
        #expect(schedule.takeDue(now: 130) == [2])
        schedule.forget(1)
        let stale = schedule.probeFinished(1, succeeded: true, now: 200)
        #expect(!stale, "a forgotten node is not re-admitted by a stale probe")
    }

    /// The whole cycle as the monitor drives it, on an injected clock.
    @Test func fullCycleWithAFakeClock() {
        let ms: Int64 = 1_000_000
        var clock: Int64 = 0
        var word = NodeHealth.upWord
        var schedule = ProbeSchedule(intervalNs: 300 * ms)
        for _ in 0..<2 { word = NodeHealth.afterFailure(word, limit: 2) }
        #expect(NodeHealth.status(of: word) == .down)
        schedule.nodeWentDown(0, now: clock)
        var probes = 0
        let healthyFrom: Int64 = 1000 * ms  // the node answers PING from here on
        while NodeHealth.status(of: word) == .down {
            clock = schedule.nextDue ?? clock
            for node in schedule.takeDue(now: clock) {
                probes += 1
                clock += 5 * ms  // the probe's round trip
                if schedule.probeFinished(node, succeeded: clock >= healthyFrom, now: clock) {
                    word = NodeHealth.afterProbe(word, succeeded: true)
                }
            }
        }
        #expect(probes == 4, "probed at 300, 605, 910 and 1215 ms")
        #expect(clock == 1220 * ms, "back within one retry interval plus a probe of becoming healthy")
    }
}
