import DroverCore
import RESP

/// GETEX with options and the EXPIRE family on a herd pool: they move the logical expiry
/// (and the real one with it), in the script so that the envelope and the key's TTL change
/// together. Values without a logical expiry get the client's command as it is.
extension EnvelopeRewriter {
    /// GETEX key [EX|PX|EXAT|PXAT time | PERSIST]
    func getEx(_ request: RequestView, nowMs: Int64) -> EnvelopeRewrite {
        if request.count == 2 {
            return EnvelopeRewrite(request: nil, reply: electing(.value, keys: 1..<2, in: request))
        }
        let reply = ReplyPlan(shape: .value, read: .logical)
        guard codec.herdEnabled, let options = StringOptions.parse(request, from: 2, forSet: false) else {
            return EnvelopeRewrite(request: nil, reply: reply)
        }
        var logical: [EnvelopeScript.Argument] = [.text(""), .text("")]
        if let expiry = options.expiry {
            guard let time = Word.integer(request.arg(expiry.index)), time > 0,
                  let times = HerdTimes(time, kind: expiry.kind, nowMs: nowMs, windowMs: codec.herdWindowMs)
            else { return EnvelopeRewrite(request: nil, reply: reply) }
            logical = [.integer(times.logicalMs), .raw(Envelope.expiryBytes(times.logicalMs))]
        }
        return script("getex", keys: [1], request, nowMs: nowMs,
                      arguments: logical + [.integer(codec.herdWindowMs)] + original(request), reply: reply)
    }

    /// EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT key time [NX|XX|GT|LT]
    func expire(_ request: RequestView, unit: TimeUnit, absolute: Bool, nowMs: Int64) -> EnvelopeRewrite? {
        guard let time = Word.integer(request.arg(2)),
              let condition = ExpireCondition.parse(request, from: 3) else { return nil }
        let (ms, o1) = unit == .seconds ? time.multipliedReportingOverflow(by: 1000) : (time, false)
        let (logical, o2) = absolute ? (ms, false) : nowMs.addingReportingOverflow(ms)
        let (_, o3) = logical.addingReportingOverflow(codec.herdWindowMs)
        // Times Redis refuses: let Redis answer them.
        if o1 || o2 || o3 { return nil }
        return script("expire", keys: [1], request, nowMs: nowMs,
                      arguments: [.integer(logical), .raw(Envelope.expiryBytes(max(logical, 0))),
                                  .integer(codec.herdWindowMs), .text(condition.rawValue)] + original(request))
    }
}
