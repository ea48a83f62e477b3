import DroverCore
import ValueEnvelope

/// One round of herd claims for one client reply: a claim per logically expired, unclaimed
/// value, sent as fragments 0, 1, ... of the reply's slot.
final class HerdClaims {
    let elections: [HerdElection]
    /// Every election's claims, in order: claim `i` is fragment `i`.
    let claims: [HerdElection.Claim]
    private var replies: [[UInt8]]
    private var left: Int
    private var resent: [Bool]

    /// What a claim's reply means for the round.
    enum Progress {
        case waiting
        /// The backend lost the script: send this (the EVAL form) to the key's shard again.
        case resend(request: [UInt8], key: [UInt8])
        /// Every claim is answered: ``finished()``.
        case done
    }

    init(_ elections: [HerdElection]) {
        self.elections = elections
        claims = elections.flatMap(\.claims)
        replies = Array(repeating: [], count: claims.count)
        left = claims.count
        resent = Array(repeating: false, count: claims.count)
    }

    /// A claim's reply (or drover's error in its place: a failed claim did not win).
    func received(_ reply: UnsafeRawBufferPointer, fragment: Int) -> Progress {
        if ScriptBook.isNoScript(reply) && !resent[fragment] {
            resent[fragment] = true
            return .resend(request: EnvelopeScript.evalForm(of: claims[fragment].request), key: claims[fragment].key)
        }
        replies[fragment] = Array(reply)
        left -= 1
        return left == 0 ? .done : .waiting
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
