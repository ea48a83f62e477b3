import Backend
import DroverCore
import RESP

/// Fan-outs (KEYS, SCAN, DBSIZE, FLUSHDB, SCRIPT LOAD, WAIT, INFO's keyspace, ...): thin
/// I/O over ``FanoutPlan``.
extension ClientConnection {
    func startFanout(_ plan: FanoutPlan, _ request: RequestView) {
        switch plan.script {
        case .load: pool.snapshot.scripts.record(request.arg(2))
        case .flush: pool.snapshot.scripts.removeAll()
        default: break
        }
        var local: [UInt8]? = nil
        if case .infoKeyspace(withLocal: true) = plan.merge, let spec = router.resolve(request) {
            let out = ByteBuffer(capacity: 256)
            if !writeInfo(request, into: out) { _ = session.answer(.info, spec: spec, request: request, into: out) }
            local = out.readableBytes
        }
        let seq = nextSeq
        nextSeq += 1
        slots.append(Slot(reply: nil, pending: FanoutReplies(plan, local: local)))
        for (index, shard) in plan.shards.enumerated() {
            let backend = plan.dedicated
                ? blockingConnection(shard)
                : pool.backend(shard: shard, clientID: id, protocolVersion: session.protocolVersion)
            let failure: String?
            if let own = plan.request {
                failure = own.withUnsafeBytes {
                    backend.send($0, target: self, token: seq, fragment: index, now: worker.now, waitsForever: plan.dedicated)
                }
            } else {
                failure = backend.send(request.bytes, target: self, token: seq, fragment: index, now: worker.now,
                                       waitsForever: plan.dedicated)
            }
            if let failure { backendFailed(token: seq, fragment: index, message: failure) }
        }
    }
}
