import DroverCore
import RESP

/// What drover sends for one client command on an envelope pool, and how it turns the
/// backend's reply into the client's.
public struct EnvelopeRewrite {
    /// The request to send in the client's place; nil sends the client's bytes.
    public var request: [UInt8]?
    /// Whether `request` calls ``EnvelopeScript`` (EVALSHA): a NOSCRIPT reply is answered
    /// by sending ``EnvelopeScript/evalForm(of:)`` of it to the same shard.
    public var callsScript: Bool
    /// How the reply becomes the client's.
    public var reply: ReplyPlan

    /// Creates a rewrite; `request` nil sends the client's own bytes.
    public init(request: [UInt8]?, callsScript: Bool = false, reply: ReplyPlan) {
        self.request = request
        self.callsScript = callsScript
        self.reply = reply
    }
}

/// Decides, for each command on a pool with `compression` or `herd_timeout`, what to send
/// and how to finish it (see ``EnvelopeRole`` for who does what). Pure: the time is passed
/// in, and nothing here does I/O, so a transaction can rewrite each queued command the
/// same way.
///
/// The request it builds goes to the shard the client's request routes to (same keys).
public struct EnvelopeRewriter: Sendable {
    /// The pool's value codec (its `compression` and `herd_timeout`).
    public let codec: ValueCodec

    /// Creates the rewriter of a pool whose codec ``ValueCodec/isActive``.
    public init(codec: ValueCodec) {
        self.codec = codec
    }

    /// The rewrite of `request`, or nil when it goes to the backend as it is and its reply
    /// comes back as it is.
    ///
    /// - Parameters:
    ///   - request: The client's request; its arity was already checked by the router.
    ///   - spec: Its command table entry (``Router/resolve(_:)``).
    ///   - nowMs: Unix time in ms, for logical expiries.
    public func rewrite(_ request: RequestView, spec: CommandSpec, nowMs: Int64) -> EnvelopeRewrite? {
        guard spec.acceptsArgumentCount(request.count),
              let rewrite = rewriteChecked(request, spec: spec, nowMs: nowMs) else { return nil }
        // Nothing to change either way (a SET of a small value): the usual path forwards it.
        if rewrite.request == nil && rewrite.reply.shape == .forward { return nil }
        return rewrite
    }

    private func rewriteChecked(_ request: RequestView, spec: CommandSpec, nowMs: Int64) -> EnvelopeRewrite? {
        let herd = codec.herdEnabled
        switch spec.envelope {
        case .none:
            return nil
        case .read:
            return EnvelopeRewrite(request: nil, reply: electing(.value, keys: 1..<2, in: request))
        case .readMany:
            return EnvelopeRewrite(request: nil, reply: electing(.values, keys: 1..<request.count, in: request))
        case .take:
            return EnvelopeRewrite(request: nil, reply: ReplyPlan(shape: .value, read: .logical))
        case .getEx:
            return getEx(request, nowMs: nowMs)
        case .set:
            return set(request, nowMs: nowMs)
        case .setNX:
            return setNX(request, nowMs: nowMs)
        case .setEx(let unit):
            return setEx(request, unit: unit, nowMs: nowMs)
        case .getSet:
            return EnvelopeRewrite(request: replacingValues(request, every: 2),
                                   reply: ReplyPlan(shape: .value, read: .logical))
        case .mset:
            guard request.count % 2 == 1 else { return nil }
            return EnvelopeRewrite(request: replacingValues(request, every: 2), reply: .forward)
        case .msetNX:
            return msetNX(request, nowMs: nowMs)
        case .expire(let unit, let absolute):
            return herd ? expire(request, unit: unit, absolute: absolute, nowMs: nowMs) : nil
        case .persist:
            return herd ? script("persist", keys: [1], request, nowMs: nowMs, arguments: []) : nil
        case .ttl:
            return herd ? script("ttl", keys: [1], request, nowMs: nowMs,
                                 arguments: [.text(spec.name)]) : nil
        case .content(let writes):
            return guarded(request, spec: spec, writes: writes, nowMs: nowMs)
        }
    }

    // MARK: helpers shared by the rewrites

    /// A plan that opens one value (or an array of them) and, on a herd pool, elects among
    /// readers of logically expired ones, which needs their keys (argument indexes `keys`).
    func electing(_ shape: ReplyPlan.Shape, keys: Range<Int>, in request: RequestView) -> ReplyPlan {
        guard codec.herdEnabled else { return ReplyPlan(shape: shape, read: .elect) }
        var named: [[UInt8]] = []
        named.reserveCapacity(keys.count)
        for index in keys { named.append(Array(request.arg(index))) }
        return ReplyPlan(shape: shape, read: .elect, keys: named)
    }

    /// The request with every `step`-th argument from 2 on (the values of SET-like
    /// commands, `key value` pairs) replaced by its stored form, with no logical expiry;
    /// nil if every value is stored as it is.
    func replacingValues(_ request: RequestView, every step: Int) -> [UInt8]? {
        rebuilt(request) { index in index >= 2 && (index - 2) % step == 0 ? .stored(nil) : .same }
    }

    /// How ``rebuilt(_:_:)`` writes one argument.
    enum Part {
        case same
        /// The client's value in its stored form, with this logical expiry.
        case stored(Int64?)
        case text(String)
    }

    /// The request again, argument by argument, as `part` says; nil when that changes
    /// nothing (every value is stored as it is).
    func rebuilt(_ request: RequestView, _ part: (Int) -> Part) -> [UInt8]? {
        let changes = (0..<request.count).contains { index in
            switch part(index) {
            case .same: false
            case .stored(let expiry): !codec.storesAsIs(request.arg(index), expiryMs: expiry)
            case .text: true
            }
        }
        guard changes else { return nil }
        let out = ByteBuffer(capacity: request.bytes.count + 64)
        out.appendArrayHeader(request.count)
        for index in 0..<request.count {
            switch part(index) {
            case .same: out.appendBulk(request.arg(index))
            case .stored(let expiry): codec.appendStored(request.arg(index), expiryMs: expiry, to: out)
            case .text(let text): out.appendBulk(text)
            }
        }
        return out.readableBytes
    }

    /// A call of the script's `op` on the keys at argument indexes `keys`.
    func script(_ op: String, keys: [Int], _ request: RequestView, nowMs: Int64,
                arguments: [EnvelopeScript.Argument], reply: ReplyPlan = .forward) -> EnvelopeRewrite {
        let call = EnvelopeScript.call(op, keys: keys.map(request.arg), nowMs: nowMs, arguments: arguments, codec: codec)
        return EnvelopeRewrite(request: call, callsScript: true, reply: reply)
    }

    /// Every argument of the client's request, for a script that runs it as it is.
    func original(_ request: RequestView) -> [EnvelopeScript.Argument] {
        (0..<request.count).map { .bytes(request.arg($0)) }
    }

    /// The content commands: run by the script's guard, which refuses enveloped values.
    private func guarded(_ request: RequestView, spec: CommandSpec, writes: Bool, nowMs: Int64) -> EnvelopeRewrite? {
        var keys: [Int] = []
        guard spec.forEachKey(argc: request.count, arg: request.arg, { keys.append($0) }), !keys.isEmpty else {
            return nil
        }
        return script("guard", keys: keys, request, nowMs: nowMs,
                      arguments: [.text(writes ? "1" : "0")] + original(request))
    }
}

extension EnvelopeRewrite {
    /// Calls `body` with ``request`` framed, so that the router can split it again (MSET's
    /// values changed, its keys did not); nil if there is no rewritten request.
    public func withView<R>(_ body: (RequestView) -> R) -> R? {
        guard let request else { return nil }
        // The request was built by drover: no limit of the client's applies to it.
        var framer = RequestFramer(limits: RequestLimits(maxArgs: Int(Int32.max), maxBulkLength: 1 << 40,
                                                         maxInlineLength: RequestLimits.redisInlineMaxSize,
                                                         maxRequestSize: 1 << 41))
        var args = ArgList()
        return request.withUnsafeBytes { bytes -> R? in
            guard case .request = framer.frame(bytes, into: &args) else { return nil }
            return body(RequestView(bytes: bytes, args: args))
        }
    }
}
