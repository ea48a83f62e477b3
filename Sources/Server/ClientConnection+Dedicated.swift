import Backend
import DroverCore
import RESP

/// Blocking commands and the connection WATCH pins: thin I/O over ``ClientLinks``.
extension ClientConnection {
    /// The client's links, created on first use.
    func ensureLinks() -> ClientLinks {
        if let links { return links }
        let created = ClientLinks()
        links = created
        return created
    }

    /// BLPOP and kin: sent on the shard's dedicated connection, with no reply deadline.
    func sendBlocking(_ request: RequestView, shard: Int) {
        let seq = nextSeq
        nextSeq += 1
        slots.append(Slot(reply: nil, pending: BlockingCall(shard: shard)))
        let connection = blockingConnection(shard)
        if let failure = connection.send(request.bytes, target: self, token: seq, fragment: 0, now: worker.now,
                                         waitsForever: true) {
            backendFailed(token: seq, fragment: 0, message: failure)
        }
    }

    /// The connection for one more blocking call to `shard`. Calls a client pipelines to
    /// one shard queue on one connection, as they would on Redis.
    func blockingConnection(_ shard: Int) -> BackendConnection {
        let links = ensureLinks()
        var link = links.blocking[shard] ?? ClientLinks.Link(
            connection: pool.dedicated.take(shard: shard, protocolVersion: session.protocolVersion),
            shard: shard, protocolVersion: session.protocolVersion)
        link.calls += 1
        links.blocking[shard] = link
        return link.connection
    }

    /// A blocking call to `shard` answered (or failed); the last one frees the connection.
    func blockingCallEnded(shard: Int) {
        guard let links, var link = links.blocking[shard] else { return }
        link.calls -= 1
        if link.calls > 0 {
            links.blocking[shard] = link
            return
        }
        links.blocking[shard] = nil
        pool.dedicated.giveBack(link.connection, shard: shard, protocolVersion: link.protocolVersion, now: worker.now)
    }

    /// The connection WATCH pins on `shard`, taken from the pool the first time.
    func pinnedConnection(_ shard: Int) -> BackendConnection {
        let links = ensureLinks()
        if let connection = links.pinned(shard) { return connection }
        let connection = pool.dedicated.take(shard: shard, protocolVersion: session.protocolVersion)
        links.pin(ClientLinks.Link(connection: connection, shard: shard, protocolVersion: session.protocolVersion))
        return connection
    }

    /// Gives the pinned connection back, as the transaction state says.
    func releasePinned(_ how: PinRelease) {
        guard how != .keep, let links, let link = links.unpin() else { return }
        pool.dedicated.giveBack(link.connection, shard: link.shard, protocolVersion: link.protocolVersion,
                                reset: how == .unwatchFirst ? ClientConnection.unwatch : nil, now: worker.now)
    }

    static let unwatch = RESP.command(["UNWATCH"])

    /// RESET: the transaction, the pinned connection and the subscriptions go.
    func resetDedicatedState() {
        releasePinned(session.transaction.reset())
        session.subscriptions.removeAll()
        closeSubscribers()
    }

    /// The client left: spare connections go back, busy ones are closed (a blocked call
    /// whose client is gone must not pop an element for nobody).
    func releaseLinks() {
        guard let links else { return }
        if let link = links.unpin() {
            let idle = link.connection.inFlight == 0
            pool.dedicated.giveBack(link.connection, shard: link.shard, protocolVersion: link.protocolVersion,
                                    reset: ClientConnection.unwatch, reusable: idle, now: worker.now)
        }
        for link in links.blocking.values {
            pool.dedicated.giveBack(link.connection, shard: link.shard, protocolVersion: link.protocolVersion,
                                    reusable: false, now: worker.now)
        }
        links.blocking.removeAll()
        closeSubscribers()
        self.links = nil
    }
}
