import Synchronization

/// A backend server's state as one worker last saw it.
public enum ServerState: Int, Sendable, CaseIterable {
    /// No connection opened yet (backends are connected on first use unless `preconnect`).
    case idle = 0
    /// The last connection attempt succeeded and the connection is usable.
    case up = 1
    /// The last connection failed, was lost, or timed out.
    case down = 2

    /// The name INFO, `/metrics` and `/stats` use.
    public var name: String {
        switch self {
        case .idle: "idle"
        case .up: "up"
        case .down: "down"
        }
    }
}

/// What one worker counts for one backend server, written only by that worker (see
/// `Atomic.increment(by:)`) and summed over workers by the stats reader.
///
/// Every connection the worker has to the server (RESP2 and RESP3, `server_connections`
/// of each) writes the same object, all from the worker's thread.
public final class ServerCounters: Sendable {
    /// Requests sent to the server.
    public let requests = Atomic<Int>(0)
    /// Requests answered with an error because the server could not be reached or the
    /// connection broke.
    public let errors = Atomic<Int>(0)
    /// Requests answered with a timeout error.
    public let timeouts = Atomic<Int>(0)
    /// Times the server was taken out of its pool's ring or routing (health checks).
    public let ejections = Atomic<Int>(0)
    /// Open connections (a gauge).
    public let connections = Atomic<Int>(0)
    /// The raw value of the worker's latest ``ServerState``.
    public let state = Atomic<Int>(ServerState.idle.rawValue)
    /// Sum of the observed latencies in nanoseconds.
    public let latencySumNs = Atomic<Int>(0)
    /// Observations per ``LatencyBuckets`` bucket.
    public let latencyBuckets: InlineArray<21, Atomic<Int>>

    /// Creates zeroed counters.
    public init() {
        latencyBuckets = InlineArray { _ in Atomic(0) }
    }

    /// Records one reply's latency (reply read minus request read, in the worker's turn
    /// clock) — called by the owning worker only.
    @inlinable @inline(__always)
    public func observe(latencyNs: Int64) {
        latencyBuckets[LatencyBuckets.index(nanoseconds: latencyNs)].increment()
        latencySumNs.increment(by: Int(latencyNs))
    }

    /// Records a state change; returns whether it is one (the caller logs only those).
    public func transition(to new: ServerState) -> Bool {
        let old = state.load(ordering: .relaxed)
        guard old != new.rawValue else { return false }
        state.store(new.rawValue, ordering: .relaxed)
        return true
    }

    /// The latest state.
    public var currentState: ServerState { ServerState(rawValue: state.value) ?? .idle }

    /// The latency buckets' current counts.
    public var latencyCounts: [Int] {
        (0..<LatencyBuckets.count).map { latencyBuckets[$0].value }
    }
}
