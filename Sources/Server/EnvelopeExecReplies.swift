import Backend
import DroverCore
import RESP
import ValueEnvelope

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
            switch claims.received(reply, fragment: fragment) {
            case .waiting:
                return false
            case .resend(let request, let key):
                client.sendClaim(request, key: key, target: client, token: seq, fragment: fragment)
                return false
            case .done:
                for (element, bytes) in zip(electedElements, claims.finished()) { elements[element] = bytes }
                result = assembled()
                return true
            }
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
        client.sendClaims(round, target: client, token: seq)
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
