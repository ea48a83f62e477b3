import DroverCore
import Glibc
import RESP
import ValueEnvelope

/// Commands on a pool with `compression` or `herd_timeout`: the pure ``EnvelopeRewriter``
/// decides what to send and how the reply becomes the client's; an ``EnvelopeCall`` takes
/// the backend's replies in the connection's place and hands the client's reply back to its
/// slot.
extension ClientConnection {
    /// Sends `request` as the rewriter says; false when the command needs nothing from the
    /// envelope (or the router answers it itself), so the usual path takes it.
    func dispatchEnveloped(_ request: RequestView, _ rewriter: EnvelopeRewriter) -> Bool {
        guard let spec = router.resolve(request), spec.envelope != .none,
              let rewrite = rewriter.rewrite(request, spec: spec, nowMs: Clock.wallMs()) else { return false }
        switch router.route(request) {
        case .forward(let shard):
            let call = EnvelopeCall(client: self, seq: reserveSlot(Slot()), plan: rewrite.reply, codec: rewriter.codec)
            guard let bytes = rewrite.request else {
                send(request.bytes, to: shard, for: call, fragment: 0)
                return true
            }
            if rewrite.callsScript { call.scriptCall = (shard, bytes) }
            bytes.withUnsafeBytes { send($0, to: shard, for: call, fragment: 0) }
        case .split(let original):
            // MSET's values changed, not its keys: the same shards, new fragments.
            var plan = original
            if case .split(let rewritten)? = rewrite.withView(router.route) { plan = rewritten }
            let call = EnvelopeCall(client: self, seq: reserveSlot(Slot()), plan: rewrite.reply, codec: rewriter.codec)
            call.merge = MergeState(plan: plan)
            for (index, fragment) in plan.fragments.enumerated() {
                fragment.request.withUnsafeBytes { send($0, to: fragment.shard, for: call, fragment: index) }
            }
        case .local, .error:
            return false
        }
        return true
    }

    /// Sends one request of `call` to `shard`; its reply goes to the call.
    func send(_ bytes: UnsafeRawBufferPointer, to shard: Int, for call: EnvelopeCall, fragment: Int) {
        let backend = pool.backend(shard: shard, clientID: id, protocolVersion: session.protocolVersion)
        if let failure = backend.send(bytes, target: call, token: call.seq, fragment: fragment, now: worker.now) {
            call.backendFailed(token: call.seq, fragment: fragment, message: failure)
        }
    }

    /// Sends a request of `call` to the shard of `key`.
    func send(_ bytes: [UInt8], toShardOf key: [UInt8], for call: EnvelopeCall, fragment: Int) {
        guard let shard = key.withUnsafeBytes({ router.shards.shard(for: $0) }) else {
            call.backendFailed(token: call.seq, fragment: fragment, message: ErrorText.noShard)
            return
        }
        bytes.withUnsafeBytes { send($0, to: shard, for: call, fragment: fragment) }
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
