import Backend
import DroverCore
import RESP

/// SUBSCRIBE and kin: thin I/O over ``PubSubState``. The client's subscriber connections
/// (one per shard it subscribes on) push frames here; messages go to the client after every
/// reply it is already owed, so a RESP2 client never reads a message as a reply.
extension ClientConnection: PushTarget {
    func handleSubscription(_ command: PubSubCommand, _ request: RequestView) {
        let step = session.subscriptions.handle(command, request: request, shardOf: router.shards.shard(for:),
                                                shardCount: router.shards.shardCount,
                                                protocolVersion: session.protocolVersion)
        if let failure = step.failure {
            respondError(failure)
            return
        }
        let confirmations = step.sends.reduce(0) { $0 + $1.confirmations }
        let seq = nextSeq
        if confirmations == 0 {
            respond(step.reply, closeAfter: false)
        } else {
            nextSeq += 1
            slots.append(Slot(reply: nil, pending: SubscribeWait(reply: step.reply, confirmations: confirmations)))
        }
        let links = ensureLinks()
        for send in step.sends {
            let connection = subscriber(send.shard, links)
            if send.confirmations > 0 {
                links.awaiting[ObjectIdentifier(connection), default: []]
                    += Array(repeating: seq, count: send.confirmations)
            }
            if let failure = send.request.withUnsafeBytes({ connection.sendUnpaired($0, now: worker.now) }) {
                subscriberLost(message: failure)
                return
            }
        }
        closeSubscribersIfDone()
    }

    /// The client's subscriber connection to `shard`, opened the first time.
    private func subscriber(_ shard: Int, _ links: ClientLinks) -> BackendConnection {
        if let link = links.subscribers[shard] { return link.connection }
        let connection = pool.dedicated.take(shard: shard, protocolVersion: session.protocolVersion)
        connection.pushTarget = self
        links.subscribers[shard] = ClientLinks.Link(connection: connection, shard: shard,
                                                    protocolVersion: session.protocolVersion)
        return connection
    }

    func backendPushed(_ frame: UnsafeRawBufferPointer, from connection: BackendConnection) {
        if fd < 0 { return }
        switch session.subscriptions.classify(frame) {
        case .deliver:
            push(frame)
        case .confirmation:
            let key = ObjectIdentifier(connection)
            guard let links, var waiting = links.awaiting[key], !waiting.isEmpty else { return }
            let seq = waiting.removeFirst()
            links.awaiting[key] = waiting
            if let wait = slots[seq - firstSeq].pending as? SubscribeWait, wait.confirmed() {
                finishPending(seq: seq, wait)
            }
            closeSubscribersIfDone()
        case .error:
            subscriberLost(message: String(decoding: frame.dropFirst().dropLast(2), as: UTF8.self))
        case .drop:
            break
        }
    }

    func pushConnectionLost(_ connection: BackendConnection, message: String) {
        subscriberLost(message: message)
    }

    /// A subscriber connection failed: the client's subscriptions there are gone, which it
    /// cannot be told in the protocol, so it is disconnected (clients resubscribe when
    /// they reconnect).
    private func subscriberLost(message: String) {
        guard fd >= 0 else { return }
        worker.logger.warning("subscriber connection lost, closing the client", metadata: [
            "client": "\(id)", "reason": "\(message)"])
        close()
    }

    /// Writes a pushed frame after every reply already owed.
    private func push(_ frame: UnsafeRawBufferPointer) {
        if slots.isEmpty {
            output.append(frame)
            poller.queueFlush(self)
        } else {
            nextSeq += 1
            slots.append(Slot(reply: Array(frame), pending: nil))
            hold(frame.count)
        }
    }

    /// Once nothing is subscribed and no confirmation is owed, the subscriber connections go.
    private func closeSubscribersIfDone() {
        if !session.subscriptions.isSubscribed, let links, !links.awaitsConfirmations { closeSubscribers() }
    }

    /// Closes every subscriber connection (they are never reused: their state is unknown).
    func closeSubscribers() {
        guard let links else { return }
        for link in links.subscribers.values {
            pool.dedicated.giveBack(link.connection, shard: link.shard, protocolVersion: link.protocolVersion,
                                    reusable: false, now: worker.now)
        }
        links.subscribers.removeAll()
        let owed = Set(links.awaiting.values.joined())
        links.awaiting.removeAll()
        // Confirmations that will never come (RESET while subscribing): answer anyway.
        guard fd >= 0 else { return }
        for seq in owed.sorted() {
            if let wait = slots[seq - firstSeq].pending as? SubscribeWait { finishPending(seq: seq, wait) }
        }
    }
}
