/// The earliest moment at which any of one worker's backend connections needs its
/// timers looked at. Connections lower it as they queue requests; the worker scans them
/// only once it has passed, instead of on every loop turn.
public final class Deadline {
    /// Monotonic nanoseconds; `Int64.max` when nothing is waiting.
    public var earliest: Int64 = .max

    public init() {}

    /// Makes sure the worker wakes up by `time`.
    @inline(__always) public func note(_ time: Int64) {
        if time < earliest { earliest = time }
    }
}
