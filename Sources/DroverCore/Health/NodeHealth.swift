/// How one backend node is doing, as every worker sees it.
///
/// ```
///            failure                  failure number server_failure_limit
///   up ──────────────► suspect(n) ──────────────────────────────────────► down
///    ▲  reply (n = 0)      │                                               │
///    └─────────────────────┘                      a PING probe succeeds    │
///    ▲                                                                     │
///    └─────────────────────────────────────────────────────────────────────┘
/// ```
/// A suspect node still takes traffic; a down node takes none, and only a successful probe
/// (never a late reply) brings it back, so a flapping node is not re-admitted blindly.
public enum NodeStatus: Equatable, Sendable, CustomStringConvertible {
    /// Healthy: no failure since the last reply.
    case up
    /// Still used, after `failures` consecutive failures (fewer than the limit).
    case suspect(failures: Int)
    /// Out of service until a probe succeeds.
    case down

    public var description: String {
        switch self {
        case .up: "up"
        case .suspect(let failures): "suspect (\(failures) consecutive failure\(failures == 1 ? "" : "s"))"
        case .down: "down"
        }
    }
}

/// The node state machine, on the one integer that workers share through a relaxed atomic:
/// `0` is up, `1...` counts consecutive failures (suspect), `-1` is down.
///
/// Pure functions of the old word, so any thread may apply them with a compare-and-swap;
/// the one whose swap changes the status reports the change, which is how each change is
/// logged exactly once.
public enum NodeHealth {
    /// The word of a healthy node.
    public static let upWord = 0
    /// The word of a node that is out of service.
    public static let downWord = -1

    /// The status a word encodes.
    public static func status(of word: Int) -> NodeStatus {
        if word < 0 { return .down }
        return word == 0 ? .up : .suspect(failures: word)
    }

    /// Whether a node in this state takes requests (up or suspect).
    @inlinable public static func isUsable(_ word: Int) -> Bool { word >= 0 }

    /// The word after a failure (connect error, timeout, reset): one more consecutive
    /// failure, or down once there are `limit` of them. A down node stays down.
    ///
    /// - Parameter limit: `server_failure_limit`; below 1 counts as 1.
    public static func afterFailure(_ word: Int, limit: Int) -> Int {
        if word < 0 { return downWord }
        let failures = word + 1
        return failures >= max(1, limit) ? downWord : failures
    }

    /// The word after a reply: up again if it was suspect. A down node stays down: only a
    /// probe re-admits it.
    @inlinable public static func afterReply(_ word: Int) -> Int {
        word > 0 ? upWord : word
    }

    /// The word after a probe of a down node: up if it answered, else still down.
    public static func afterProbe(_ word: Int, succeeded: Bool) -> Int {
        guard word < 0 else { return word }
        return succeeded ? upWord : downWord
    }
}
