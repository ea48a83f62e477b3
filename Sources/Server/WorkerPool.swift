import Backend
import Logging

/// One worker's view of a pool: the shared snapshot plus this worker's own pipelined
/// connections to every shard (`server_connections` per shard).
final class WorkerPool {
    let snapshot: PoolSnapshot
    /// [protocol - 2][shard][connection]: RESP2 clients and RESP3 clients never share a
    /// backend connection, so every reply reaches its client exactly as Redis wrote it.
    let backends: [[[BackendConnection]]]
    /// Connections for WATCH, blocking commands and pub/sub.
    let dedicated: DedicatedPool

    init(snapshot: PoolSnapshot, poller: Poller, deadline: Deadline, logger: Logger, now: Int64) {
        self.snapshot = snapshot
        dedicated = DedicatedPool(snapshot: snapshot, poller: poller, deadline: deadline, logger: logger)
        let config = snapshot.config
        backends = [snapshot.setupCommands, snapshot.setupCommandsRESP3].map { setup in
            snapshot.shardAddresses.indices.map { shard in
                (0..<max(1, config.serverConnections)).map { _ in
                    BackendConnection(label: snapshot.shardLabels[shard], address: snapshot.shardAddresses[shard],
                                      poller: poller, deadline: deadline, logger: logger, setupCommands: setup,
                                      timeoutMs: config.timeoutMs, connectTimeoutMs: config.connectTimeoutMs)
                }
            }
        }
        if config.preconnect {
            for connections in backends[0] { for connection in connections { connection.connectNow(now: now) } }
        }
    }

    /// The connection a client's requests to `shard` use. One client always uses the
    /// same connection per shard, so its pipelined requests keep their order on the backend.
    @inline(__always)
    func backend(shard: Int, clientID: Int, protocolVersion: Int) -> BackendConnection {
        let connections = backends[protocolVersion == 3 ? 1 : 0][shard]
        return connections.count == 1 ? connections[0] : connections[clientID % connections.count]
    }

    /// Times out overdue requests; returns the earliest next deadline.
    func expire(now: Int64) -> Int64 {
        var next = dedicated.expire(now: now)
        for connections in backends.joined() {
            for connection in connections where connection.inFlight > 0 || connection.state == .connecting {
                next = min(next, connection.expire(now: now))
            }
        }
        return next
    }
}
