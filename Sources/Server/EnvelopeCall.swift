import Backend
import RESP
import ValueEnvelope

/// One command on an envelope pool, from its first request to the client's reply: it is
/// the backend's reply target, so the connection's own reply handling stays as it is.
///
/// ```
///   GET k ──► "$..<envelope>" ─ plan.finish ─► fresh or claimed: the value ─► slot seq
///                                          └─► expired, unclaimed: claim k
///   claim k (EVALSHA) ──► :1 ─► nil, this client recomputes
///                     └─► :0 ─► the stale value
/// ```
/// A script call answered with NOSCRIPT (the backend lost the script) is sent once more as
/// EVAL with the body.
final class EnvelopeCall: ReplyTarget {
    /// Kept alive by the backends' queues while requests are in flight; the call keeps its
    /// client alive in turn, as a plain request's entry does.
    let client: ClientConnection
    /// The client's slot for the reply.
    let seq: Int
    let plan: ReplyPlan
    let codec: ValueCodec
    /// The fragments' replies of a split command (MGET, MSET), merged before the plan runs.
    var merge: ClientConnection.MergeState?
    /// A script call's shard and request, kept to send it again as EVAL after NOSCRIPT.
    var scriptCall: (shard: Int, request: [UInt8])?
    /// Set once the reply asked for herd claims; later replies are the claims'.
    private var election: HerdElection?
    private var claimReplies: [[UInt8]] = []
    private var claimsLeft = 0
    private var claimResent: [Bool] = []

    init(client: ClientConnection, seq: Int, plan: ReplyPlan, codec: ValueCodec) {
        self.client = client
        self.seq = seq
        self.plan = plan
        self.codec = codec
    }

    func backendReplied(token: Int, fragment: Int, reply: UnsafeRawBufferPointer) {
        guard client.fd >= 0 else { return }
        if let election {
            claimReplied(election, fragment: fragment, reply: reply)
        } else if let merge {
            merge.replies[fragment] = Array(reply)
            merge.remaining -= 1
            guard merge.remaining == 0 else { return }
            self.merge = nil
            let out = ByteBuffer(capacity: 1024)
            merge.plan.merged(merge.replies, into: out)
            finish(out.readable)
        } else if let (shard, request) = scriptCall, EnvelopeScript.isNoScript(reply) {
            scriptCall = nil
            EnvelopeScript.evalForm(of: request).withUnsafeBytes { client.send($0, to: shard, for: self, fragment: 0) }
        } else {
            finish(reply)
        }
    }

    /// A failed request answers like an error reply; a failed claim did not win, so its
    /// reader gets the stale value.
    func backendFailed(token: Int, fragment: Int, message: String) {
        let out = ByteBuffer(capacity: 128)
        out.appendError(message)
        backendReplied(token: token, fragment: fragment, reply: out.readable)
    }

    /// The command's reply is in: the client's reply, or herd claims first.
    private func finish(_ reply: UnsafeRawBufferPointer) {
        guard plan.mayChange(reply) else {
            client.deliver(seq: seq, reply: reply)
            return
        }
        let resp3 = client.session.protocolVersion == 3
        switch plan.finish(reply, codec: codec, nowMs: Clock.wallMs(), resp3: resp3) {
        case .forward:
            client.deliver(seq: seq, reply: reply)
        case .reply(let bytes):
            client.complete(seq: seq, bytes: bytes)
        case .elect(let election):
            self.election = election
            claimReplies = Array(repeating: [], count: election.claims.count)
            claimsLeft = election.claims.count
            claimResent = Array(repeating: false, count: election.claims.count)
            for (index, claim) in election.claims.enumerated() {
                client.send(claim.request, toShardOf: claim.key, for: self, fragment: index)
            }
        }
    }

    private func claimReplied(_ election: HerdElection, fragment: Int, reply: UnsafeRawBufferPointer) {
        let claim = election.claims[fragment]
        if EnvelopeScript.isNoScript(reply) && !claimResent[fragment] {
            claimResent[fragment] = true
            client.send(EnvelopeScript.evalForm(of: claim.request), toShardOf: claim.key, for: self, fragment: fragment)
            return
        }
        claimReplies[fragment] = Array(reply)
        claimsLeft -= 1
        if claimsLeft == 0 { client.complete(seq: seq, bytes: election.finish(claimReplies)) }
    }
}
