import Logging
import Stats

extension BackendConnection {
    /// Applies a reloaded pool's timeouts to a connection it carries over; requests already
    /// queued keep the deadlines they were given.
    public func setTimeouts(timeoutMs: Int?, connectTimeoutMs: Int) {
        timeoutNs = timeoutMs.map { Int64($0) * 1_000_000 } ?? .max
        connectTimeoutNs = Int64(connectTimeoutMs) * 1_000_000
    }

    /// The node accepted a connection: counted open, and one log line if that ends an outage.
    func noteUp() {
        if !countedOpen {
            countedOpen = true
            counters.connections.increment()
        }
        if counters.currentState == .down {
            logger.notice("backend up", metadata: ["backend": "\(label)"])
        }
        _ = counters.transition(to: .up)
    }

    /// The node refused, dropped or timed out a connection: one log line per outage (per
    /// worker), not per failed request.
    func noteDown(_ reason: String) {
        if counters.transition(to: .down) {
            logger.warning("backend down", metadata: ["backend": "\(label)", "reason": "\(reason)"])
        }
    }
}
