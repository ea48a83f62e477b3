import Backend

extension DedicatedPool {
    /// Serves a reloaded snapshot whose shards and connection setup are the same (only
    /// timeouts, limits or policies changed): connections in use and spare stay valid.
    func adopt(_ next: PoolSnapshot) {
        snapshot = next
        for connection in live.values {
            connection.setTimeouts(timeoutMs: next.config.timeoutMs, connectTimeoutMs: next.config.connectTimeoutMs)
        }
    }

    /// A reload changed the pool's shards or setup, or removed the pool: spare connections
    /// close now, and connections given back later are closed rather than kept.
    func retire() {
        retired = true
        for connection in idle.joined().joined() {
            live[ObjectIdentifier(connection)] = nil
            connection.fail("ERR drover: the dedicated connection was closed by a configuration reload", nodeFailed: false)
        }
        idle = idle.map { $0.map { _ in [] } }
    }
}
