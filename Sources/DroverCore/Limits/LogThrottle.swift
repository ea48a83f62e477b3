/// Lets through at most one log line per interval for a kind of event a peer can cause
/// at will (a failed AUTH), so a flood of them cannot flood the log; the next line that is
/// let through says how many were left out.
public struct LogThrottle: Sendable {
    /// Shortest time between two lines, in the caller's clock unit.
    public let interval: Int64
    private var nextAllowed = Int64.min
    private var suppressed = 0

    /// - Parameter interval: the shortest time between two lines (e.g. nanoseconds).
    public init(interval: Int64) {
        precondition(interval > 0)
        self.interval = interval
    }

    /// Records one event at `now`.
    /// - Returns: nil if this event should not be logged; else how many events were not
    ///   logged since the last one that was.
    public mutating func admit(now: Int64) -> Int? {
        guard now >= nextAllowed else {
            suppressed += 1
            return nil
        }
        nextAllowed = now &+ interval
        defer { suppressed = 0 }
        return suppressed
    }
}
