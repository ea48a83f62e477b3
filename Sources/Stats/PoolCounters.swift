import Synchronization

/// What one worker counts for one pool, written only by that worker (see
/// `Atomic.increment(by:)`) and summed over workers by the stats reader.
public final class PoolCounters: Sendable {
    /// Commands received from clients (each command of a pipeline counts).
    public let requests = Atomic<Int>(0)
    /// Error replies drover wrote itself: refused or unknown commands, wrong arguments,
    /// unreachable or timed-out backends, protocol errors. Error replies that a backend
    /// wrote pass through uncounted.
    public let errors = Atomic<Int>(0)
    /// Clients disconnected because their unsent replies passed `max_client_output`.
    public let outputLimitDisconnects = Atomic<Int>(0)
    /// Clients closed after `client_timeout` of silence.
    public let idleDisconnects = Atomic<Int>(0)
    /// Malformed requests, each answered with a protocol error and a close.
    public let protocolErrors = Atomic<Int>(0)
    /// Passwords refused (AUTH or HELLO ... AUTH answered WRONGPASS).
    public let authFailures = Atomic<Int>(0)

    /// Creates zeroed counters.
    public init() {}
}

/// A pool's client connections across all workers. Several threads write these (the
/// accepting queue and the workers), so they use atomic read-modify-write operations;
/// they change once per connection, never per request.
public final class ClientGauge: Sendable {
    /// Clients connected now.
    public let connected = Atomic<Int>(0)
    /// Clients accepted since start.
    public let accepted = Atomic<Int>(0)
    /// Clients turned away by `max_clients`.
    public let rejected = Atomic<Int>(0)

    /// Creates zeroed counters.
    public init() {}
}
