import RESP
import Testing
@testable import ValueEnvelope

@Suite("Reply plans: opening values and herd elections")
struct ReplyPlanTests {
    let codec = ValueCodec(compression: .init(minSize: 100, level: 6), herdTimeoutSeconds: 30)
    let key: [UInt8] = Array("k".utf8)

    func stored(_ text: String, expiry: Int64?) -> [UInt8] {
        Array(text.utf8).withUnsafeBytes { codec.stored($0, expiryMs: expiry) }
    }

    func finish(_ plan: ReplyPlan, _ reply: [UInt8], now: Int64 = 5_000, resp3: Bool = false) -> ReplyOutcome {
        reply.withUnsafeBytes { plan.finish($0, codec: codec, nowMs: now, resp3: resp3) }
    }

    func bytes(_ outcome: ReplyOutcome) -> [UInt8]? {
        if case .reply(let bytes) = outcome { return bytes }
        return nil
    }

    @Test("raw values, nils and errors pass unchanged; envelopes are opened")
    func opening() {
        let plan = ReplyPlan(shape: .value, read: .elect, keys: [key])
        for reply in ["$3\r\nabc\r\n", "$-1\r\n", "_\r\n", "-ERR x\r\n", "+OK\r\n", ":1\r\n"] {
            guard case .forward = finish(plan, Array(reply.utf8)) else {
                Issue.record("\(reply) was not forwarded")
                continue
            }
        }
        let big = String(repeating: "z", count: 1_000)
        #expect(bytes(finish(plan, bulk(stored(big, expiry: nil)))) == bulk(Array(big.utf8)))
        #expect(bytes(finish(plan, bulk(stored("v", expiry: 9_000)))) == bulk(Array("v".utf8)))
    }

    @Test("after the logical expiry: one claim, then a miss or the stale value")
    func election() {
        let plan = ReplyPlan(shape: .value, read: .elect, keys: [key])
        let value = stored("old", expiry: 4_000)
        guard case .elect(let election) = finish(plan, bulk(value)) else {
            Issue.record("no election")
            return
        }
        #expect(election.claims.count == 1)
        #expect(texts(of: election.claims[0].request)
                == ["EVALSHA", EnvelopeScript.sha, "1", "k", "claim", "5000", String(decoding: value.prefix(14), as: UTF8.self)])
        #expect(arguments(of: election.claims[0].request).last == Array(value.prefix(14)))
        #expect(election.finish([Array(":1\r\n".utf8)]) == Array("$-1\r\n".utf8))
        #expect(election.finish([Array(":0\r\n".utf8)]) == bulk(Array("old".utf8)))
        #expect(election.finish([Array("-ERR drover: timed out\r\n".utf8)]) == bulk(Array("old".utf8)))

        // Already claimed: the stale value, no claim.
        var claimed = value
        claimed[5] |= Envelope.Flags.claimed.rawValue
        #expect(bytes(finish(plan, bulk(claimed))) == bulk(Array("old".utf8)))
        // Still fresh a millisecond before.
        #expect(bytes(finish(plan, bulk(value), now: 3_999)) == bulk(Array("old".utf8)))
    }

    @Test("GETDEL-like reads see a logically expired value as nil, in the client's protocol")
    func logical() {
        let plan = ReplyPlan(shape: .value, read: .logical)
        let value = bulk(stored("old", expiry: 4_000))
        #expect(bytes(finish(plan, value)) == Array("$-1\r\n".utf8))
        #expect(bytes(finish(plan, value, resp3: true)) == Array("_\r\n".utf8))
        #expect(bytes(finish(plan, value, now: 100)) == bulk(Array("old".utf8)))
    }

    @Test("MGET: each element opened, claims only for expired unclaimed ones")
    func array() {
        let keys = ["a", "b", "c", "d", "e"].map { Array($0.utf8) }
        let plan = ReplyPlan(shape: .values, read: .elect, keys: keys)
        let big = String(repeating: "q", count: 500)
        let reply = Array("*5\r\n".utf8) + bulk(Array("raw".utf8)) + Array("$-1\r\n".utf8)
            + bulk(stored(big, expiry: nil)) + bulk(stored("stale", expiry: 10)) + bulk(stored("fresh", expiry: 99_000))
        guard case .elect(let election) = finish(plan, reply) else {
            Issue.record("no election")
            return
        }
        #expect(election.claims.map(\.key) == [Array("d".utf8)])
        let expected = { (d: [UInt8]) in
            Array("*5\r\n".utf8) + bulk(Array("raw".utf8)) + Array("$-1\r\n".utf8) + bulk(Array(big.utf8)) + d
                + bulk(Array("fresh".utf8))
        }
        #expect(election.finish([Array(":1\r\n".utf8)]) == expected(Array("$-1\r\n".utf8)))
        #expect(election.finish([Array(":0\r\n".utf8)]) == expected(bulk(Array("stale".utf8))))
        // Nothing enveloped: forwarded as it is.
        guard case .forward = finish(plan, Array("*2\r\n$1\r\na\r\n$-1\r\n".utf8)) else {
            Issue.record("plain MGET reply not forwarded")
            return
        }
    }
}

extension ReplyPlanTests {
    @Test("mayChange is false only where finish forwards the reply")
    func mayChange() {
        let plan = ReplyPlan(shape: .value, read: .elect, keys: [key])
        for reply in [Array("$3\r\nabc\r\n".utf8), Array("$-1\r\n".utf8), Array("-ERR\r\n".utf8), bulk(stored("v", expiry: 1))] {
            let may = reply.withUnsafeBytes(plan.mayChange)
            if !may, case .forward = finish(plan, reply) { continue }
            #expect(may, "\(reply)")
        }
        #expect(!Array("$3\r\nabc\r\n".utf8).withUnsafeBytes(plan.mayChange))
        #expect(bulk(stored("v", expiry: 1)).withUnsafeBytes(plan.mayChange))
        #expect(!Array("+OK\r\n".utf8).withUnsafeBytes(ReplyPlan.forward.mayChange))
    }
}
