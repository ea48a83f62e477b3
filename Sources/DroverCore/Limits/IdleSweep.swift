/// `client_timeout`: which clients are idle, and when to look again.
///
/// A worker does not arm a timer per client (that would cost a syscall or a heap operation
/// per request); it sweeps its clients when the earliest one can be due, at most once per
/// ``granularity``, so an idle client is closed between `timeout` and `timeout +
/// granularity` after its last byte.
public enum IdleSweep {
    /// Least time between two sweeps (100 ms, in nanoseconds).
    public static let granularity: Int64 = 100_000_000

    /// One client's verdict.
    /// - Parameters:
    ///   - lastRead: when bytes last arrived from it.
    ///   - busy: whether a request of it is still being answered (then it is not idle,
    ///     however long the backend takes).
    ///   - timeout: `client_timeout`.
    ///   - now: the worker's clock.
    /// - Returns: whether to close it now, and otherwise when it can be due at the earliest.
    public static func check(lastRead: Int64, busy: Bool, timeout: Int64, now: Int64) -> (expired: Bool, due: Int64) {
        if busy { return (false, now &+ timeout) }
        let due = lastRead &+ timeout
        return (now >= due, due)
    }

    /// When to sweep next, given the earliest due time of the clients left open.
    public static func next(earliestDue: Int64, now: Int64) -> Int64 {
        earliestDue == .max ? .max : Swift.max(earliestDue, now &+ granularity)
    }
}
