/// Lets a repeated event be logged at most once per interval, counting the ones it held
/// back, so a flood (a client storm hitting `max_clients`) writes a line a second rather
/// than a line per event. Pure: the caller passes the time.
public struct EventThrottle: Sendable {
    /// Shortest time between two logged events, in nanoseconds.
    public let intervalNs: Int64
    private var lastLogged: Int64?
    private var held = 0

    /// - Parameter intervalNs: Shortest time between two logged events.
    public init(intervalNs: Int64 = 1_000_000_000) {
        self.intervalNs = intervalNs
    }

    /// Records an event at `now`.
    ///
    /// - Returns: nil if it should not be logged; else how many events were held back
    ///   since the last logged one.
    public mutating func record(now: Int64) -> Int? {
        if let lastLogged, now - lastLogged < intervalNs {
            held += 1
            return nil
        }
        lastLogged = now
        defer { held = 0 }
        return held
    }
}
