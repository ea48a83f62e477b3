import Synchronization

/// What one worker did to protect itself and other clients from a client: the counters
/// behind the stats of the same names (the stats endpoint sums them over the workers).
///
/// Each is bumped on the rare path where it happens, never per request; relaxed atomics so
/// the stats code may read them from its own thread.
final class ClientEventCounters: Sendable {
    /// AUTH or HELLO ... AUTH refused with WRONGPASS (`failed_auths`).
    let failedAuths = Atomic<Int>(0)
    /// Clients closed after `client_timeout` of silence (`idle_timeouts`).
    let idleTimeouts = Atomic<Int>(0)
    /// Malformed requests, each answered with a protocol error and a close (`protocol_errors`).
    let protocolErrors = Atomic<Int>(0)

    /// The counters by stat name, for whoever reports them.
    var snapshot: [(name: String, value: Int)] {
        [("failed_auths", failedAuths.load(ordering: .relaxed)),
         ("idle_timeouts", idleTimeouts.load(ordering: .relaxed)),
         ("protocol_errors", protocolErrors.load(ordering: .relaxed))]
    }
}
