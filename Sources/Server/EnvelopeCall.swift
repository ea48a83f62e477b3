import Backend
import DroverCore
import RESP
import ValueEnvelope

/// One command on an envelope pool, from its request to the client's reply: it is the
/// backend's reply target, so a reply that needs nothing (a raw value) goes straight to the
/// client's output, and the connection's own reply path stays as it is.
///
/// ```
///   GET k ──► "$..<envelope>" ─ plan ─► fresh or claimed: the value
///                                 └─► expired, unclaimed: claim k (EVALSHA)
///                                       ├─► :1 ─► nil, this client recomputes
///                                       └─► :0 ─► the stale value
/// ```
/// MGET and MSET fragments are merged before the plan runs. A script call answered with
/// NOSCRIPT (the backend lost the script) is sent once more as EVAL with the body.
final class EnvelopeCall: ReplyTarget {
    /// Kept alive by the backends' queues while requests are in flight; the call keeps its
    /// client alive in turn, as a plain request's queue entry does.
    let client: ClientConnection
    /// The client's slot for the reply.
    let seq: Int
    let plan: ReplyPlan
    let codec: ValueCodec
    /// MGET, MSET: the fragments and their replies.
    private var split: (plan: SplitPlan, replies: FragmentReplies, remaining: Int)?
    /// A script call's shard and request, kept to send it again as EVAL after NOSCRIPT.
    var scriptCall: (shard: Int, request: [UInt8])?
    private var claims: HerdClaims?

    init(client: ClientConnection, seq: Int, plan: ReplyPlan, codec: ValueCodec, split: SplitPlan? = nil) {
        self.client = client
        self.seq = seq
        self.plan = plan
        self.codec = codec
        self.split = split.map { ($0, FragmentReplies(count: $0.fragments.count), $0.fragments.count) }
    }

    func backendReplied(token: Int, fragment: Int, reply: UnsafeRawBufferPointer) {
        guard client.fd >= 0 else { return }
        if let claims {
            switch claims.received(reply, fragment: fragment) {
            case .waiting: break
            case .resend(let request, let key):
                client.sendClaim(request, key: key, target: self, token: seq, fragment: fragment)
            case .done: client.complete(seq: seq, bytes: claims.finished()[0])
            }
        } else if var parts = split {
            parts.replies.set(fragment, reply)
            parts.remaining -= 1
            split = parts
            guard parts.remaining == 0 else { return }
            let out = ByteBuffer(capacity: 1024)
            parts.plan.merged(parts.replies, into: out)
            open(out.readable)
        } else if let (shard, request) = scriptCall, ScriptBook.isNoScript(reply) {
            scriptCall = nil
            EnvelopeScript.evalForm(of: request).withUnsafeBytes {
                client.send($0, to: shard, target: self, token: seq, fragment: 0)
            }
        } else {
            open(reply)
        }
    }

    /// A failed request answers like an error reply; a failed claim did not win, so its
    /// reader gets the stale value.
    func backendFailed(token: Int, fragment: Int, message: String) {
        let out = ByteBuffer(capacity: 128)
        out.appendError(message)
        backendReplied(token: token, fragment: fragment, reply: out.readable)
    }

    /// Runs the plan on the whole reply: the client's reply, or herd claims first.
    private func open(_ reply: UnsafeRawBufferPointer) {
        guard plan.mayChange(reply) else {
            client.deliver(seq: seq, reply: reply)
            return
        }
        switch plan.finish(reply, codec: codec, nowMs: Clock.wallMs(), resp3: client.session.protocolVersion == 3) {
        case .forward:
            client.deliver(seq: seq, reply: reply)
        case .reply(let bytes):
            client.complete(seq: seq, bytes: bytes)
        case .elect(let election):
            let round = HerdClaims([election])
            claims = round
            client.sendClaims(round, target: self, token: seq)
        }
    }
}
