import Backend

/// A backend connection a reload no longer routes to: it stays open until the requests
/// already sent on it are answered (they finish on the backend they went to), then closes.
struct RetiringBackend {
    let connection: BackendConnection
    /// Past this, whatever is still in flight is answered with an error and the
    /// connection closed, so a hung node cannot keep it forever.
    let closeBy: Int64
}

extension Worker {
    /// How long a retired backend connection may take to drain.
    static let retireLimitNs: Int64 = 30_000_000_000
    /// How often draining connections are looked at.
    static let retirePollNs: Int64 = 50_000_000

    /// Switches the worker to a reload's pools (runs on the worker's thread, between events).
    ///
    /// Pools are matched by name. An unchanged pool keeps its object; a changed one is
    /// rebuilt, carrying over the connections of nodes that stay; connections nothing
    /// routes to any more drain and close. Clients of a kept pool move to its new routing
    /// for their next request; clients of a removed pool get the replies to what they
    /// already sent and are then disconnected, as are clients holding dedicated connections
    /// (WATCH, a blocking call, subscriptions) when their pool's shards changed.
    func apply(_ assignments: [PoolAssignment]) {
        var current: [String: WorkerPool] = [:]
        for pool in pools { current[pool.snapshot.config.name] = pool }
        let next = assignments.map { assignment -> WorkerPool in
            let old = current[assignment.snapshot.config.name]
            if let old, old.snapshot === assignment.snapshot, old.stats === assignment.stats { return old }
            return WorkerPool(snapshot: assignment.snapshot, stats: assignment.stats, poller: poller,
                              deadline: deadline, logger: logger, now: now, replacing: old)
        }
        let kept = Set(next.flatMap(\.allConnections).map(ObjectIdentifier.init))
        for pool in pools {
            for connection in pool.allConnections where !kept.contains(ObjectIdentifier(connection)) {
                retiring.append(RetiringBackend(connection: connection, closeBy: now &+ Self.retireLimitNs))
            }
        }
        var byName: [String: WorkerPool] = [:]
        for pool in next { byName[pool.snapshot.config.name] = pool }
        for client in Array(clients.values) {
            guard let pool = byName[client.pool.snapshot.config.name] else {
                client.retire()
                continue
            }
            if pool === client.pool { continue }
            if client.links != nil && pool.dedicated !== client.pool.dedicated {
                // A WATCH, blocking call or subscription lives on connections to the old
                // shards; carried over it could act on the wrong node, so it ends here.
                client.retire()
            } else {
                client.adopt(pool)
            }
        }
        let keptDedicated = Set(next.map { ObjectIdentifier($0.dedicated) })
        for pool in pools where !keptDedicated.contains(ObjectIdentifier(pool.dedicated)) { pool.dedicated.retire() }
        pools = next
        if !retiring.isEmpty { deadline.note(now &+ Self.retirePollNs) }
    }

    /// Closes the retired connections that have nothing in flight (or are out of time).
    /// - Returns: when to look again, or `Int64.max` once none are left.
    func closeDrainedBackends() -> Int64 {
        retiring.removeAll { retired in
            guard retired.connection.inFlight == 0 || now >= retired.closeBy else { return false }
            retired.connection.fail("ERR drover: connection to \(retired.connection.label) closed by a configuration reload",
                                    nodeFailed: false)
            return true
        }
        return retiring.isEmpty ? .max : now &+ Self.retirePollNs
    }
}
