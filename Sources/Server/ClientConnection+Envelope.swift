import DroverCore
import Glibc
import RESP
import ValueEnvelope

/// Commands on a pool with `compression` or `herd_timeout`: the pure ``EnvelopeRewriter``
/// decides what to send and how to finish the reply; this only sends and delivers.
///
/// ```
///   GET k ──► GET k ──► "$..<envelope>"  ─ plan.finish ─► fresh or claimed: the value
///                                                      └► expired, unclaimed: claim k
///   claim k ──► EVALSHA claim ──► :1 ─► nil (this client recomputes)
///                             └─► :0 ─► the stale value
/// ```
/// A script call answered with NOSCRIPT (the backend lost the script) is sent once more
/// as EVAL with the body.
extension ClientConnection {
    /// Sends `request` as the rewriter says; false when the command needs nothing from the
    /// envelope (or the router answers it with an error), so the usual path takes it.
    func dispatchEnveloped(_ request: RequestView, _ rewriter: EnvelopeRewriter) -> Bool {
        guard let spec = router.resolve(request), spec.envelope != .none,
              let rewrite = rewriter.rewrite(request, spec: spec, nowMs: Clock.wallMs()) else { return false }
        let call = EnvelopeCall(plan: rewrite.reply)
        switch router.route(request) {
        case .forward(let shard):
            let seq = reserveSlot(Slot())
            envelopeCalls[seq] = call
            guard let bytes = rewrite.request else {
                sendMore(request.bytes, to: shard, seq: seq, fragment: 0)
                return true
            }
            if rewrite.callsScript { call.scriptCall = (shard, bytes) }
            bytes.withUnsafeBytes { sendMore($0, to: shard, seq: seq, fragment: 0) }
        case .split(let original):
            // MSET's values changed, not its keys: the same shards, new fragments.
            var plan = original
            if case .split(let rewritten)? = rewrite.withView(router.route) { plan = rewritten }
            let seq = reserveSlot(Slot(reply: nil, merge: MergeState(plan: plan)))
            envelopeCalls[seq] = call
            split(plan, seq: seq)
        case .local, .error:
            return false
        }
        return true
    }

    /// A backend error (or timeout) for an envelope command's slot `seq`.
    func envelopeFailed(_ call: EnvelopeCall, seq: Int, fragment: Int, error: UnsafeRawBufferPointer) {
        if let election = call.election {
            // A herd claim that failed did not win: its reader gets the stale value.
            claimReplied(call, election, seq: seq, fragment: fragment, reply: error)
        } else {
            finish(seq: seq, bytes: Array(error))
        }
    }

    /// The client's reply for slot `seq`: the command is done.
    private func finish(seq: Int, bytes: [UInt8]) {
        envelopeCalls[seq] = nil
        complete(seq: seq, bytes: bytes)
    }

    /// A reply (or, for a claim, a failure) for an envelope command's slot `seq`.
    func envelopeReplied(_ call: EnvelopeCall, seq: Int, fragment: Int, reply: UnsafeRawBufferPointer) {
        if let election = call.election {
            claimReplied(call, election, seq: seq, fragment: fragment, reply: reply)
            return
        }
        if let (shard, request) = call.scriptCall, EnvelopeScript.isNoScript(reply) {
            call.scriptCall = nil
            EnvelopeScript.evalForm(of: request).withUnsafeBytes { sendMore($0, to: shard, seq: seq, fragment: 0) }
            return
        }
        let codec = rewriter!.codec
        switch call.plan.finish(reply, codec: codec, nowMs: Clock.wallMs(), resp3: session.protocolVersion == 3) {
        case .forward:
            finish(seq: seq, bytes: Array(reply))
        case .reply(let bytes):
            finish(seq: seq, bytes: bytes)
        case .elect(let election):
            call.election = election
            call.claimReplies = Array(repeating: [], count: election.claims.count)
            call.claimsLeft = election.claims.count
            call.claimResent = Array(repeating: false, count: election.claims.count)
            for (index, claim) in election.claims.enumerated() {
                sendClaim(claim.request, key: claim.key, seq: seq, index: index)
            }
        }
    }

    private func claimReplied(_ call: EnvelopeCall, _ election: HerdElection, seq: Int, fragment: Int,
                              reply: UnsafeRawBufferPointer) {
        let claim = election.claims[fragment]
        if EnvelopeScript.isNoScript(reply) && !call.claimResent[fragment] {
            call.claimResent[fragment] = true
            sendClaim(EnvelopeScript.evalForm(of: claim.request), key: claim.key, seq: seq, index: fragment)
            return
        }
        call.claimReplies[fragment] = Array(reply)
        call.claimsLeft -= 1
        if call.claimsLeft == 0 { finish(seq: seq, bytes: election.finish(call.claimReplies)) }
    }

    private func sendClaim(_ request: [UInt8], key: [UInt8], seq: Int, index: Int) {
        guard let shard = key.withUnsafeBytes({ router.shards.shard(for: $0) }) else {
            backendFailed(token: seq, fragment: index, message: ErrorText.noShard)
            return
        }
        request.withUnsafeBytes { sendMore($0, to: shard, seq: seq, fragment: index) }
    }
}

/// The state of one command on an envelope pool while drover finishes it.
final class EnvelopeCall {
    let plan: ReplyPlan
    /// A script call's shard and request, kept to send it again as EVAL after NOSCRIPT.
    var scriptCall: (shard: Int, request: [UInt8])?
    /// Set once the reply asked for herd claims; then replies are the claims'.
    var election: HerdElection?
    var claimReplies: [[UInt8]] = []
    var claimsLeft = 0
    var claimResent: [Bool] = []

    init(plan: ReplyPlan) {
        self.plan = plan
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
