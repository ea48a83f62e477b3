import Backend
import DroverCore
import RESP

/// What a request's failure path needs beyond an error reply: which node may serve it
/// instead, and what a read answers as a miss. Kept only in pools that have replicas,
/// failover nodes or `on_backend_error: miss`, and only for requests that need it.
struct Recovery {
    let shard: Int
    let access: NodeAccess
    /// The miss reply for a read under `on_backend_error: miss`; nil answers the error.
    let miss: MissReply?
    /// The request's argument count (the miss reply of MGET has one null per key).
    let argumentCount: Int
    /// The request's bytes, kept when another node of the shard may serve it.
    let request: [UInt8]?
    /// The client's ``ClientConnection/adoptions`` when it was made: `shard` and `tried`
    /// number the nodes of that pool, so after a reload the request is not sent again.
    let adoptions: Int
    /// Nodes the request was sent to (and lost on, or refused by); never chosen again.
    var tried = NodeSet()

    /// Whether anything here is needed once the request is sent.
    var isNeeded: Bool { miss != nil || request != nil }
}

/// Choosing the node for each request from the shard's live health, failing over, and
/// answering reads of unreachable shards as misses.
///
/// ```
///   request ─► shard ─► node: primaries-only pool: the primary if usable, else the error
///                             otherwise: NodeSelector (write / read policy / pinned read)
///           connect refused at once ─► the shard's next node (the refused one is "tried")
///           connection lost later   ─► sent again to the shard's next node, if it has one
///           no node left            ─► "-ERR drover: shard 's1' is down", or the miss reply
/// ```
extension ClientConnection {
    /// The router in use (cold paths; the hot path reads ``routing`` without a copy).
    var router: Router { routing._withUnsafeGuaranteedRef { $0.router } }

    /// Sends a single-shard request to the node that serves it now (or over the client's
    /// WATCH-pinned connection to that shard, which must keep its order).
    /// `pool` is the client's, borrowed by the caller (no retain on the data path).
    @inline(__always)
    func forward(_ request: RequestView, shard: Int, token: Int, in pool: WorkerPool) {
        if pool.primariesOnly {
            sendToPrimary(request.bytes, shard: shard, token: token, fragment: 0, in: pool)
            return
        }
        if let pinned = links?.pinned(shard) {
            sendPinned(pinned, request.bytes, token: token, fragment: 0)
            return
        }
        // The table entry says whether it reads and what its miss is. (A second lookup:
        // folding it into the router's decision cost the primaries-only path ~2%.)
        let spec = routing._withUnsafeGuaranteedRef { $0.router.resolve(request) }
        let keep = pool.health.topology.hasAlternatives[shard]
        var recovery = makeRecovery(spec, shard: shard, argumentCount: request.count,
                                    request: keep ? Array(request.bytes) : nil)
        if send(request.bytes, token: token, fragment: 0, recovery: &recovery, failure: nil) && recovery.isNeeded {
            recoveries.removeAll(before: firstSeq)  // never needed: every answered request removes its own
            recoveries[token] = recovery
        }
    }

    /// Appends the slot of a split request and sends each fragment to the node that serves
    /// its shard now.
    func forward(_ plan: SplitPlan, request: RequestView, token: Int, in pool: WorkerPool) {
        if pool.primariesOnly {
            inFlightBytes += request.bytes.count
            slots.append(Slot(reply: nil, pending: SplitReplies(plan), requestBytes: request.bytes.count))
            plan.requests.withUnsafeBytes { requests in
                for (index, fragment) in plan.fragments.enumerated() {
                    sendToPrimary(UnsafeRawBufferPointer(rebasing: requests[fragment.range]), shard: fragment.shard,
                                  token: token, fragment: index, in: pool)
                }
            }
            return
        }
        let spec = routing._withUnsafeGuaranteedRef { $0.router.resolve(request) }
        let pending = RecoveringSplit(plan, recoveries: plan.fragments.indices.map { index in
            let bytes = Array(plan.request(of: index))
            return makeRecovery(spec, shard: plan.fragments[index].shard, argumentCount: Self.argumentCount(of: bytes),
                                request: bytes)
        })
        inFlightBytes += request.bytes.count
        slots.append(Slot(reply: nil, pending: pending, requestBytes: request.bytes.count))
        for (index, fragment) in plan.fragments.enumerated() {
            if let pinned = links?.pinned(fragment.shard) {
                plan.requests.withUnsafeBytes {
                    sendPinned(pinned, UnsafeRawBufferPointer(rebasing: $0[fragment.range]), token: token, fragment: index)
                }
                continue
            }
            var recovery = pending.recoveries[index]
            plan.requests.withUnsafeBytes {
                _ = send(UnsafeRawBufferPointer(rebasing: $0[fragment.range]), token: token, fragment: index,
                         recovery: &recovery, failure: nil)
            }
            pending.recoveries[index] = recovery
        }
    }

    /// Over the WATCH-pinned connection: no choice of node.
    private func sendPinned(_ backend: BackendConnection, _ bytes: UnsafeRawBufferPointer, token: Int, fragment: Int) {
        if let failure = backend.send(bytes, target: self, token: token, fragment: fragment, now: worker.now) {
            backendFailed(token: token, fragment: fragment, message: failure)
        }
    }

    /// The fast path of a pool whose shards are primaries alone (node i is shard i).
    @inline(__always)
    private func sendToPrimary(_ bytes: UnsafeRawBufferPointer, shard: Int, token: Int, fragment: Int,
                               in pool: WorkerPool) {
        if let pinned = links?.pinned(shard) {
            sendPinned(pinned, bytes, token: token, fragment: fragment)
            return
        }
        guard pool.isPrimaryUsable(shard) else {
            backendFailed(token: token, fragment: fragment, message: ErrorText.shardDown(pool.health.shardNames[shard]))
            return
        }
        let backend = pool.backend(node: shard, clientID: id, protocolVersion: session.protocolVersion)
        if let failure = backend.send(bytes, target: self, token: token, fragment: fragment, now: worker.now) {
            backendFailed(token: token, fragment: fragment, message: failure)
        }
    }

    /// Sends to the first usable node not yet tried; a node that refuses the connection at
    /// once is skipped for the next. Without any, answers `failure` (or the shard's
    /// "is down" error), as a miss if the request has one.
    /// - Returns: whether it was sent (else it has been answered).
    private func send(_ bytes: UnsafeRawBufferPointer, token: Int, fragment: Int, recovery: inout Recovery,
                      failure: String?) -> Bool {
        let health = pool.health
        let nodes = health.topology.shards[recovery.shard]
        var failure = failure
        while !recovery.tried.isFull,
              let node = NodeSelector.choose(nodes, access: recovery.access, spread: id, tried: recovery.tried,
                                             isUsable: { health.isUsable($0) }, replicaInSync: { health.isInSync($0) }) {
            recovery.tried.insert(node)
            let backend = pool.backend(node: node, clientID: id, protocolVersion: session.protocolVersion)
            guard let refused = backend.send(bytes, target: self, token: token, fragment: fragment, now: worker.now) else {
                return true
            }
            failure = refused
            if recovery.request == nil { break }  // no other node may serve it
        }
        answerFailure(token: token, fragment: fragment,
                      reply: failureReply(failure ?? unavailableText(recovery), recovery: recovery))
        return false
    }

    private func unavailableText(_ recovery: Recovery) -> String {
        let name = pool.health.shardNames[recovery.shard]
        if case .read(.replica) = recovery.access, !pool.health.topology.shards[recovery.shard].replicas.isEmpty {
            return ErrorText.noReplicaUp(name)
        }
        return ErrorText.shardDown(name)
    }

    private func makeRecovery(_ spec: CommandSpec?, shard: Int, argumentCount: Int, request: [UInt8]?) -> Recovery {
        let isRead = spec?.flags.contains(.readonly) ?? false
        let miss = isRead && pool.snapshot.config.onBackendError == .miss ? spec?.missReply : nil
        let keep = pool.health.topology.hasAlternatives[shard]
        return Recovery(shard: shard, access: access(isRead: isRead, shard: shard), miss: miss,
                        argumentCount: argumentCount, request: keep ? request : nil, adoptions: adoptions)
    }

    /// Writes pin the client's reads of the shard to the writes' node for `read_your_writes`.
    private func access(isRead: Bool, shard: Int) -> NodeAccess {
        let policy = pool.snapshot.config.readPolicy
        guard isRead else {
            readYourWrites.wrote(shard: shard, now: worker.now)
            return .write
        }
        return readYourWrites.isPinned(shard: shard, now: worker.now) ? .readPinned(policy) : .read(policy)
    }

    /// The recovery state of one pending request or fragment.
    private func recovery(token: Int, fragment: Int) -> Recovery? {
        let index = token - firstSeq
        guard index >= 0 && index < slots.count else { return nil }
        if let pending = slots[index].pending {
            return (pending as? RecoveringSplit)?.recoveries[fragment]
        }
        return recoveries[token]
    }

    /// The connection that carried the request broke: another node of the shard serves it
    /// if there is one (the request may have run on the lost node; on a failover node,
    /// which holds other data, running it again does no harm); else it fails.
    func backendLost(token: Int, fragment: Int, message: String) {
        if fd < 0 { return }
        guard var recovery = recovery(token: token, fragment: fragment), let bytes = recovery.request,
              recovery.adoptions == adoptions else {
            backendFailed(token: token, fragment: fragment, message: message)
            return
        }
        let sent = bytes.withUnsafeBytes { send($0, token: token, fragment: fragment, recovery: &recovery, failure: message) }
        guard sent else { return }
        if let split = slots[token - firstSeq].pending as? RecoveringSplit {
            split.recoveries[fragment] = recovery
        } else {
            recoveries[token] = recovery
        }
    }

    /// The reply for a request that got no answer: its miss reply (a read under
    /// `on_backend_error: miss`), else the error. Forgets its recovery state.
    func failureReply(token: Int, fragment: Int, message: String) -> [UInt8] {
        let recovery = recovery(token: token, fragment: fragment)
        if !recoveries.isEmpty { recoveries[token] = nil }
        return failureReply(message, recovery: recovery)
    }

    private func failureReply(_ message: String, recovery: Recovery?) -> [UInt8] {
        let out = ByteBuffer(capacity: 128)
        if let recovery, let miss = recovery.miss {
            miss.write(argumentCount: recovery.argumentCount, protocolVersion: session.protocolVersion, into: out)
        } else {
            out.appendError(message)
        }
        return out.readableBytes
    }

    /// The argument count of a request drover built (a split fragment).
    private static func argumentCount(of request: [UInt8]) -> Int {
        var framer = RequestFramer()
        var args = ArgList()
        return request.withUnsafeBytes { bytes in
            if case .request = framer.frame(bytes, into: &args) { return args.count }
            return 0
        }
    }
}

/// A split request (MGET, DEL, ...) in a pool that chooses nodes: its fragments' recovery
/// state travels with it.
final class RecoveringSplit: PendingReply {
    let plan: SplitPlan
    var recoveries: [Recovery]

    init(_ plan: SplitPlan, recoveries: [Recovery]) {
        self.plan = plan
        self.recoveries = recoveries
        super.init(fragments: plan.fragments.count)
    }

    override func finish(client: ClientConnection, seq: Int, into out: ByteBuffer) {
        plan.merged(replies, into: out)
    }
}
