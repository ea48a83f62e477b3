/// When each down node of a pool is probed next: every `server_retry_timeout`, one probe at
/// a time per node, until one succeeds.
///
/// ```
///   down at t ──► probe at t+R ──fails──► probe at t+2R+ε ──succeeds──► up (forgotten)
/// ```
/// Pure: the caller passes the time (monotonic nanoseconds) and runs the probes.
public struct ProbeSchedule: Sendable {
    /// Time between the end of one probe (or going down) and the next probe.
    public let intervalNs: Int64
    /// Down nodes and when each is next probed; `Int64.max` while its probe runs.
    private var next: [Int: Int64] = [:]

    /// - Parameter intervalNs: `server_retry_timeout` in nanoseconds (0 probes at once).
    public init(intervalNs: Int64) {
        self.intervalNs = max(0, intervalNs)
    }

    /// The nodes being probed or waiting for a probe.
    public var downNodes: Set<Int> { Set(next.keys) }

    /// Starts probing `node`, which just went down: first probe one interval from now.
    /// A node already scheduled keeps its schedule.
    public mutating func nodeWentDown(_ node: Int, now: Int64) {
        if next[node] == nil { next[node] = now &+ intervalNs }
    }

    /// The nodes whose probe is due at `now`, now marked as being probed.
    public mutating func takeDue(now: Int64) -> [Int] {
        let due = next.filter { $0.value <= now }.map(\.key).sorted()
        for node in due { next[node] = .max }
        return due
    }

    /// Records a probe's outcome.
    /// - Returns: true if `node` should be re-admitted (the probe succeeded); it is then
    ///   no longer scheduled. After a failure the next probe is one interval from `now`.
    public mutating func probeFinished(_ node: Int, succeeded: Bool, now: Int64) -> Bool {
        guard next[node] != nil else { return false }
        if succeeded {
            next[node] = nil
            return true
        }
        next[node] = now &+ intervalNs
        return false
    }

    /// Forgets `node` (it came back some other way, or left the pool).
    public mutating func forget(_ node: Int) {
        next[node] = nil
    }

    /// When the next probe is due, or nil if none is waiting (running ones excluded).
    public var nextDue: Int64? {
        next.values.filter { $0 != .max }.min()
    }
}
