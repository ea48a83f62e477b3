import Backend
import Logging
import RESP

/// One worker's spare connections for what cannot share a pipelined connection: WATCH
/// (pinned until EXEC), blocking commands (for the duration of the call) and pub/sub.
///
/// Connections are taken per shard and protocol and given back when the client is done,
/// so a transaction or a BLPOP reuses a warm connection instead of opening one. A
/// connection that may still carry state is reset (UNWATCH) before reuse or closed; a
/// subscriber connection is never reused.
final class DedicatedPool {
    /// Spare connections kept per shard and protocol; more are closed when given back.
    static let maxIdle = 4

    var snapshot: PoolSnapshot
    private unowned(unsafe) let poller: Poller
    private unowned(unsafe) let deadline: Deadline
    private let logger: Logger
    /// [protocol - 2][shard]: spare connections.
    var idle: [[[BackendConnection]]]
    /// Every connection handed out or spare, for timeouts.
    var live: [ObjectIdentifier: BackendConnection] = [:]
    /// A reload changed the pool's nodes: nothing given back is kept (see ``retire()``).
    var retired = false

    init(snapshot: PoolSnapshot, poller: Poller, deadline: Deadline, logger: Logger) {
        self.snapshot = snapshot
        self.poller = poller
        self.deadline = deadline
        self.logger = logger
        idle = [[], []].map { _ in snapshot.shardAddresses.map { _ in [] } }
    }

    /// A connection to `shard` speaking the client's protocol: a spare one, else a new one
    /// (it connects on its first request).
    func take(shard: Int, protocolVersion: Int) -> BackendConnection {
        let p = protocolVersion == 3 ? 1 : 0
        if let spare = idle[p][shard].popLast() { return spare }
        let connection = BackendConnection(
            label: snapshot.shardLabels[shard], address: snapshot.shardAddresses[shard], poller: poller,
            deadline: deadline, logger: logger,
            setupCommands: p == 1 ? snapshot.setupCommandsRESP3 : snapshot.setupCommands,
            timeoutMs: snapshot.config.timeoutMs, connectTimeoutMs: snapshot.config.connectTimeoutMs)
        live[ObjectIdentifier(connection)] = connection
        return connection
    }

    /// Takes `connection` back.
    /// - Parameters:
    ///   - reset: a request that clears its state (UNWATCH), sent first; its reply is dropped.
    ///   - reusable: false for a connection whose state cannot be known (a subscriber, a
    ///     call still blocked for a client that left): it is closed.
    func giveBack(_ connection: BackendConnection, shard: Int, protocolVersion: Int, reset: [UInt8]? = nil,
                  reusable: Bool = true, now: Int64) {
        let p = protocolVersion == 3 ? 1 : 0
        if reusable, !retired, connection.state != .closed, idle[p][shard].count < Self.maxIdle {
            if let reset { _ = reset.withUnsafeBytes { connection.send($0, target: DroppedReply.shared, token: 0, fragment: 0, now: now) } }
            idle[p][shard].append(connection)
            return
        }
        live[ObjectIdentifier(connection)] = nil
        connection.pushTarget = nil
        connection.fail("ERR drover: the dedicated connection was closed")
    }

    /// Times out overdue requests; returns the earliest next deadline.
    func expire(now: Int64) -> Int64 {
        var next = Int64.max
        for connection in live.values where connection.inFlight > 0 || connection.state == .connecting {
            next = min(next, connection.expire(now: now))
        }
        return next
    }
}

/// The target of requests whose replies nobody wants (a reset before reuse).
final class DroppedReply: ReplyTarget, Sendable {
    static let shared = DroppedReply()
    func backendReplied(token: Int, fragment: Int, reply: UnsafeRawBufferPointer) {}
    func backendFailed(token: Int, fragment: Int, message: String) {}
}
