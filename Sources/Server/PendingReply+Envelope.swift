import Backend
import DroverCore
import RESP
import ValueEnvelope

/// A command on an envelope pool: its reply (merged first for MGET and MSET) is opened by
/// its ``ReplyPlan``; a logically expired value may need herd claims before the client's
/// reply is known.
///
/// ```
///   GET k ──► "$..<envelope>" ─ plan ─► fresh or claimed: the value
///                                 └─► expired, unclaimed: claim k (EVALSHA)
///                                       ├─► :1 ─► nil, this client recomputes
///                                       └─► :0 ─► the stale value
/// ```
/// A script call answered with NOSCRIPT (the backend lost the script) is sent once more as
/// EVAL with the body.
final class EnvelopeReply: PendingReply {
    let plan: ReplyPlan
    let codec: ValueCodec
    /// The fragments of MGET or MSET, merged before the plan runs.
    let split: SplitPlan?
    /// A script call's shard and request, kept to send it again as EVAL after NOSCRIPT.
    var scriptCall: (shard: Int, request: [UInt8])?
    /// The client's reply, when it is not the backend's reply as it is.
    private var result: [UInt8]?
    private var claims: HerdClaims?

    init(_ plan: ReplyPlan, codec: ValueCodec, split: SplitPlan?) {
        self.plan = plan
        self.codec = codec
        self.split = split
        super.init(fragments: split?.fragments.count ?? 1)
    }

    override func received(_ reply: UnsafeRawBufferPointer, fragment: Int, client: ClientConnection, seq: Int) -> Bool {
        if let claims {
            guard claims.received(reply, fragment: fragment, client: client, seq: seq) else { return false }
            result = claims.finished()[0]
            return true
        }
        if let (shard, request) = scriptCall, ScriptBook.isNoScript(reply) {
            scriptCall = nil
            EnvelopeScript.evalForm(of: request).withUnsafeBytes { client.sendEnvelope($0, to: shard, seq: seq, fragment: 0) }
            return false
        }
        guard super.received(reply, fragment: fragment, client: client, seq: seq) else { return false }
        guard let split else { return open(replies[0], client: client, seq: seq) }
        let out = ByteBuffer(capacity: 1024)
        split.merged(replies, into: out)
        let merged = out.readableBytes
        result = merged
        return merged.withUnsafeBytes { open($0, client: client, seq: seq) }
    }

    /// Runs the plan on the whole reply; false while claims are out.
    private func open(_ reply: UnsafeRawBufferPointer, client: ClientConnection, seq: Int) -> Bool {
        guard plan.mayChange(reply) else { return true }
        switch plan.finish(reply, codec: codec, nowMs: Clock.wallMs(), resp3: client.session.protocolVersion == 3) {
        case .forward:
            return true
        case .reply(let bytes):
            result = bytes
            return true
        case .elect(let election):
            let round = HerdClaims([election])
            claims = round
            client.sendClaims(round.elections, seq: seq)
            return false
        }
    }

    override func finish(client: ClientConnection, seq: Int, into out: ByteBuffer) {
        if let result { out.append(result) } else { out.append(replies[0]) }
    }
}

/// EXEC on an envelope pool: each element of EXEC's array is opened by its queued
/// command's plan, with herd claims for the elements that need them.
final class EnvelopeExecReplies: PendingReply {
    private let exec: ExecReplies
    private let plans: [ReplyPlan]
    private let codec: ValueCodec
    private var elements: [[UInt8]] = []
    /// The element each election decides.
    private var electedElements: [Int] = []
    private var claims: HerdClaims?
    private var result: [UInt8] = []

    init(_ exec: ExecReplies, plans: [ReplyPlan], codec: ValueCodec) {
        self.exec = exec
        self.plans = plans
        self.codec = codec
        super.init(fragments: 1)
    }

    override func received(_ reply: UnsafeRawBufferPointer, fragment: Int, client: ClientConnection, seq: Int) -> Bool {
        if let claims {
            guard claims.received(reply, fragment: fragment, client: client, seq: seq) else { return false }
            for (element, bytes) in zip(electedElements, claims.finished()) { elements[element] = bytes }
            result = assembled()
            return true
        }
        guard exec.received(reply, fragment: fragment, client: client, seq: seq) else { return false }
        let out = ByteBuffer(capacity: 1024)
        exec.finish(client: client, seq: seq, into: out)
        result = out.readableBytes
        var ranges: [ArgRange] = []
        // EXECABORT, a failed WATCH, an error: the client gets it as it is.
        guard result.withUnsafeBytes({ ReplyReader.arrayElements($0, into: &ranges) }), ranges.count == plans.count else {
            return true
        }
        let now = Clock.wallMs()
        let resp3 = client.session.protocolVersion == 3
        var elections: [HerdElection] = []
        result.withUnsafeBytes { bytes in
            for (index, range) in ranges.enumerated() {
                let element = UnsafeRawBufferPointer(rebasing: bytes[range.offset..<(range.offset + range.count)])
                let plan = plans[index]
                switch plan.mayChange(element) ? plan.finish(element, codec: codec, nowMs: now, resp3: resp3) : .forward {
                case .forward: elements.append(Array(element))
                case .reply(let opened): elements.append(opened)
                case .elect(let election):
                    elements.append([])
                    electedElements.append(index)
                    elections.append(election)
                }
            }
        }
        guard !elections.isEmpty else {
            result = assembled()
            return true
        }
        let round = HerdClaims(elections)
        claims = round
        client.sendClaims(elections, seq: seq)
        return false
    }

    private func assembled() -> [UInt8] {
        let out = ByteBuffer(capacity: 64 + elements.reduce(0) { $0 + $1.count })
        out.appendArrayHeader(elements.count)
        for element in elements { out.append(element) }
        return out.readableBytes
    }

    override func finish(client: ClientConnection, seq: Int, into out: ByteBuffer) {
        out.append(result)
    }
}

/// The herd claims of one reply, sent as fragments 0, 1, ... of its slot.
final class HerdClaims {
    let elections: [HerdElection]
    private let claims: [HerdElection.Claim]
    private var replies: [[UInt8]]
    private var left: Int
    private var resent: [Bool]

    init(_ elections: [HerdElection]) {
        self.elections = elections
        claims = elections.flatMap(\.claims)
        replies = Array(repeating: [], count: claims.count)
        left = claims.count
        resent = Array(repeating: false, count: claims.count)
    }

    /// A claim's reply (or drover's error for it); true once every claim is answered.
    func received(_ reply: UnsafeRawBufferPointer, fragment: Int, client: ClientConnection, seq: Int) -> Bool {
        if ScriptBook.isNoScript(reply) && !resent[fragment] {
            resent[fragment] = true
            let claim = claims[fragment]
            client.sendClaim(EnvelopeScript.evalForm(of: claim.request), key: claim.key, seq: seq, fragment: fragment)
            return false
        }
        replies[fragment] = Array(reply)
        left -= 1
        return left == 0
    }

    /// Each election's reply, given the claims' answers.
    func finished() -> [[UInt8]] {
        var offset = 0
        return elections.map { election in
            let answers = Array(replies[offset..<(offset + election.claims.count)])
            offset += election.claims.count
            return election.finish(answers)
        }
    }
}
