/// The earliest moment at which any of one worker's backend connections needs its
/// timers looked at. Connections lower it as they queue requests; the worker scans them
/// only once it has passed, instead of on every loop turn.
public final class Deadline {
    /// Monotonic nanoseconds; `Int64.max` when nothing is waiting.
    public var earliest: Int64 = .max
    /// The worker's current loop-turn time (monotonic nanoseconds), set once per turn;
    /// replies are timed against it, so measuring latency costs no clock read.
    public var now: Int64 = 0

    public init() {}

    /// Makes sure the worker wakes up by `time`.
    @inline(__always) public func note(_ time: Int64) {
        if time < earliest { earliest = time }
    }
}
