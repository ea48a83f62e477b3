import Backend
import DroverCore
import Glibc
import RESP
import ValueEnvelope

/// Commands on a pool with `compression` or `herd_timeout`: the pure ``EnvelopeRewriter``
/// decides what to send and how the reply becomes the client's; an ``EnvelopeCall`` takes
/// the backend's replies in the connection's place and delivers the client's reply to its
/// slot. Inside MULTI the same rewrite is queued, and EXEC's array is opened element by
/// element (``EnvelopeExecReplies``).
extension ClientConnection {
    /// Sends `request` as the rewriter says; false when the command needs nothing from the
    /// envelope (or is not sent to a shard as it is), so the usual path takes it.
    func dispatchEnveloped(_ request: RequestView, _ decision: RouteDecision, _ rewriter: EnvelopeRewriter) -> Bool {
        guard let rewrite = envelopeRewrite(request, rewriter) else { return false }
        switch decision {
        case .forward(let shard):
            let call = EnvelopeCall(client: self, seq: reserveReply(), plan: rewrite.reply, codec: rewriter.codec)
            guard let bytes = rewrite.request else {
                send(request.bytes, to: shard, target: call, token: call.seq, fragment: 0)
                return true
            }
            if rewrite.callsScript { call.scriptCall = (shard, bytes) }
            bytes.withUnsafeBytes { send($0, to: shard, target: call, token: call.seq, fragment: 0) }
        case .split(let original):
            // MSET's values changed, not its keys: the same shards, new fragments.
            var plan = original
            if case .split(let rewritten)? = rewrite.withView(router.route) { plan = rewritten }
            let call = EnvelopeCall(client: self, seq: reserveReply(), plan: rewrite.reply, codec: rewriter.codec, split: plan)
            for index in plan.fragments.indices {
                plan.request(of: index).withUnsafeBytes {
                    send($0, to: plan.fragments[index].shard, target: call, token: call.seq, fragment: index)
                }
            }
        default:
            return false
        }
        return true
    }

    /// The rewrite of a command on this envelope pool, or nil if it needs none.
    func envelopeRewrite(_ request: RequestView, _ rewriter: EnvelopeRewriter) -> EnvelopeRewrite? {
        guard let spec = router.resolve(request), spec.envelope != .none else { return nil }
        return rewriter.rewrite(request, spec: spec, nowMs: Clock.wallMs())
    }

    /// Sends one request to `shard`; its reply goes to `target` with `token`.
    func send(_ bytes: UnsafeRawBufferPointer, to shard: Int, target: ReplyTarget, token: Int, fragment: Int) {
        let backend = links?.pinned(shard) ?? pool.backend(shard: shard, clientID: id, protocolVersion: session.protocolVersion)
        if let failure = backend.send(bytes, target: target, token: token, fragment: fragment, now: worker.now) {
            target.backendFailed(token: token, fragment: fragment, message: failure)
        }
    }

    /// Sends a round of herd claims, numbered as fragments from 0.
    func sendClaims(_ claims: HerdClaims, target: ReplyTarget, token: Int) {
        for (fragment, claim) in claims.claims.enumerated() {
            sendClaim(claim.request, key: claim.key, target: target, token: token, fragment: fragment)
        }
    }

    /// Sends one claim (or its EVAL form after NOSCRIPT) to its key's shard.
    func sendClaim(_ request: [UInt8], key: [UInt8], target: ReplyTarget, token: Int, fragment: Int) {
        guard let shard = key.withUnsafeBytes({ router.shards.shard(for: $0) }) else {
            target.backendFailed(token: token, fragment: fragment, message: ErrorText.noShard)
            return
        }
        request.withUnsafeBytes { send($0, to: shard, target: target, token: token, fragment: fragment) }
    }

    // MARK: transactions

    /// Queues a request between MULTI and EXEC. On an envelope pool the rewrite is queued
    /// (a script call in its EVAL form, so no NOSCRIPT can surface inside EXEC) and its reply
    /// plan kept for EXEC's array.
    func queueInTransaction(_ request: RequestView, _ decision: RouteDecision) -> TransactionStep {
        let maxBytes = pool.snapshot.config.maxRequestSize
        guard let rewriter else { return session.transaction.queue(request, decision: decision, maxBytes: maxBytes) }
        let before = session.transaction.queuedCount
        let rewrite = envelopeRewrite(request, rewriter)
        var step: TransactionStep?
        if let rewrite, let bytes = rewrite.request {
            let sent = rewrite.callsScript ? EnvelopeScript.evalForm(of: bytes) : bytes
            step = EnvelopeRewrite(request: sent, reply: rewrite.reply).withView {
                session.transaction.queue($0, decision: decision, maxBytes: maxBytes)
            }
        }
        let queued = step ?? session.transaction.queue(request, decision: decision, maxBytes: maxBytes)
        notePlan(rewrite?.reply ?? .forward, queuedBefore: before)
        return queued
    }

    /// Keeps `queuedPlans` one per queued command: `plan` if the command was queued. Called
    /// after every transaction step; an empty queue (MULTI, EXEC, DISCARD) empties it.
    func notePlan(_ plan: ReplyPlan, queuedBefore: Int) {
        guard rewriter != nil else { return }
        if session.transaction.queuedCount == 0 { queuedPlans.removeAll() }
        if session.transaction.queuedCount > queuedBefore { queuedPlans.append(plan) }
    }

    /// What waits for a transaction's EXEC: its replies, opened if any queued command needs it.
    func execReplies(_ plan: ExecPlan) -> PendingReply {
        let plans = queuedPlans
        queuedPlans.removeAll()
        guard let rewriter, plans.contains(where: { $0.shape != .forward }) else { return ExecReplies(plan) }
        return EnvelopeExecReplies(ExecReplies(plan), plans: plans, codec: rewriter.codec)
    }
}

extension Clock {
    /// Unix time in ms (CLOCK_REALTIME, through the vDSO): logical expiries outlive the
    /// process and are shared by every drover in front of the same backends.
    static func wallMs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
