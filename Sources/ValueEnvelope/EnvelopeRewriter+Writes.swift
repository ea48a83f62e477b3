import DroverCore
import RESP

/// SET and its relatives: the value is replaced by its stored form; on a herd pool a TTL
/// becomes a logical expiry plus a real TTL `herd_timeout` longer, and conditions (NX, XX)
/// and KEEPTTL are decided by the script, where a logically expired key counts as absent.
extension EnvelopeRewriter {
    /// SET key value [NX|XX] [GET] [EX|PX|EXAT|PXAT time | KEEPTTL]
    func set(_ request: RequestView, nowMs: Int64) -> EnvelopeRewrite {
        let options = StringOptions.parse(request, from: 3, forSet: true)
        // Only SET ... GET replies with a value (options drover cannot read: Redis decides).
        let reply = options?.get ?? true ? ReplyPlan(shape: .value, read: .logical) : .forward
        let valueOnly = EnvelopeRewrite(request: replacingValue(at: 2, request), reply: reply)
        let value = request.arg(2)
        guard codec.herdEnabled, let options else { return valueOnly }
        // A number is stored as it is, with the exact TTL it was given.
        let herdValue = codec.takesHerd(value)
        var times: HerdTimes? = nil
        if let expiry = options.expiry {
            // A time Redis refuses: let Redis answer it.
            guard let time = Word.integer(request.arg(expiry.index)), time > 0,
                  let computed = HerdTimes(time, kind: expiry.kind, nowMs: nowMs,
                                           windowMs: herdValue ? codec.herdWindowMs : 0)
            else { return valueOnly }
            times = computed
        }
        if options.condition != .none || options.keepTTL {
            let condition = options.condition == .nx ? "NX" : options.condition == .xx ? "XX" : ""
            let mode = options.keepTTL ? "KEEPTTL" : times?.realWord ?? ""
            let template: EnvelopeScript.Argument = options.keepTTL && herdValue ? .stored(value, expiryMs: 0) : .text("")
            return script("set", keys: [1], request, nowMs: nowMs,
                          arguments: [.text(condition), .text(options.get ? "GET" : ""), .text(mode),
                                      .integer(times?.realMs ?? 0), .stored(value, expiryMs: times?.logicalMs),
                                      template],
                          reply: reply)
        }
        // Without a TTL there is no logical expiry: only the value may change.
        guard herdValue, let times else { return valueOnly }
        let out = ByteBuffer(capacity: request.bytes.count + 64)
        out.appendArrayHeader(5 + (options.get ? 1 : 0))
        out.appendBulk(request.arg(0))
        out.appendBulk(request.arg(1))
        codec.appendStored(value, expiryMs: times.logicalMs, to: out)
        if options.get { out.appendBulk("GET") }
        out.appendBulk(times.realWord)
        out.appendBulk(String(times.realMs))
        return EnvelopeRewrite(request: out.readableBytes, reply: reply)
    }

    /// SETNX key value
    func setNX(_ request: RequestView, nowMs: Int64) -> EnvelopeRewrite {
        guard codec.herdEnabled else {
            return EnvelopeRewrite(request: replacingValue(at: 2, request), reply: .forward)
        }
        return script("set", keys: [1], request, nowMs: nowMs,
                      arguments: [.text("NX"), .text("INT"), .text(""), .integer(0),
                                  .stored(request.arg(2), expiryMs: nil), .text("")])
    }

    /// SETEX key seconds value, PSETEX key milliseconds value
    func setEx(_ request: RequestView, unit: TimeUnit, nowMs: Int64) -> EnvelopeRewrite {
        let value = request.arg(3)
        guard codec.takesHerd(value), let time = Word.integer(request.arg(2)), time > 0,
              let times = HerdTimes(time, kind: unit == .seconds ? .ex : .px, nowMs: nowMs, windowMs: codec.herdWindowMs)
        else {
            return EnvelopeRewrite(request: replacingValue(at: 3, request), reply: .forward)
        }
        // The real TTL in the command's own unit; herd_timeout is whole seconds.
        let real = unit == .seconds ? time + codec.herdWindowMs / 1000 : times.realMs
        return EnvelopeRewrite(request: rebuilt(request) { index in
            index == 2 ? .text(String(real)) : index == 3 ? .stored(times.logicalMs) : .same
        }, reply: .forward)
    }

    /// MSETNX key value [key value ...]: on a herd pool, logically expired keys count as absent.
    func msetNX(_ request: RequestView, nowMs: Int64) -> EnvelopeRewrite? {
        guard request.count % 2 == 1 else { return nil }
        guard codec.herdEnabled else {
            return EnvelopeRewrite(request: replacingValues(request, every: 2), reply: .forward)
        }
        let keys = Array(stride(from: 1, to: request.count, by: 2))
        return script("msetnx", keys: keys, request, nowMs: nowMs,
                      arguments: keys.map { .stored(request.arg($0 + 1), expiryMs: nil) })
    }

    /// The request with argument `index` (the value) in its stored form.
    func replacingValue(at index: Int, _ request: RequestView) -> [UInt8]? {
        rebuilt(request) { $0 == index ? .stored(nil) : .same }
    }
}

/// A TTL on a herd pool: the logical expiry recorded in the envelope and the real expiry,
/// `herd_timeout` later, given to Redis.
struct HerdTimes {
    /// Unix ms after which the value is logically expired.
    let logicalMs: Int64
    /// PX (relative) or PXAT (absolute).
    let realWord: String
    /// The real expiry, in ms, relative or absolute as `realWord` says.
    let realMs: Int64

    /// Nil when the arithmetic overflows (Redis refuses such times).
    init?(_ time: Int64, kind: StringOptions.ExpiryKind, nowMs: Int64, windowMs: Int64) {
        let seconds = kind == .ex || kind == .exat
        let (ms, o1) = seconds ? time.multipliedReportingOverflow(by: 1000) : (time, false)
        let relative = kind == .ex || kind == .px
        let (logical, o2) = relative ? nowMs.addingReportingOverflow(ms) : (ms, false)
        let (real, o3) = ms.addingReportingOverflow(windowMs)
        let (_, o4) = logical.addingReportingOverflow(windowMs)
        if o1 || o2 || o3 || o4 { return nil }
        logicalMs = logical
        realWord = relative ? "PX" : "PXAT"
        realMs = real
    }
}
