import DroverCore

/// `client_timeout`: a worker closes clients that sent nothing for that long and are
/// owed nothing, sweeping its clients only when one can be due (see ``IdleSweep``).
extension Worker {
    /// Makes sure a sweep is due by the time a new `client` can have been idle too long.
    func watchIdle(_ client: ClientConnection) {
        guard let ms = client.pool.snapshot.config.clientTimeoutMs else { return }
        idleSweepAt = min(idleSweepAt, IdleSweep.next(earliestDue: now &+ Int64(ms) * 1_000_000, now: now))
    }

    /// Closes every idle client past its pool's `client_timeout`. Subscribers wait for
    /// messages, not requests, so like Redis drover never times them out.
    /// - Returns: when to sweep next (`Int64.max` if no client has a timeout).
    func closeIdleClients() -> Int64 {
        var earliest = Int64.max
        for client in clients.values {
            guard let ms = client.pool.snapshot.config.clientTimeoutMs, client.fd >= 0 else { continue }
            let verdict = IdleSweep.check(lastRead: client.lastReadAt, busy: !client.slots.isEmpty || client.session.subscriptions.isSubscribed,
                                          timeout: Int64(ms) * 1_000_000, now: now)
            if verdict.expired {
                client.counters.idleDisconnects.increment()
                logger.debug("closing idle client", metadata: ["client": "\(client.id)", "client_timeout_ms": "\(ms)"])
                client.close()
            } else {
                earliest = min(earliest, verdict.due)
            }
        }
        return IdleSweep.next(earliestDue: earliest, now: now)
    }
}
