import Backend
import DroverCore
import RESP

/// EVAL and EVALSHA: thin I/O over the pool's ``ScriptStore``.
extension ClientConnection {
    func sendScript(_ command: ScriptCommand, _ request: RequestView, shard: Int) {
        let scripts = pool.snapshot.scripts
        guard command == .evalsha, let body = scripts.body(forSHA: request.arg(1)) else {
            if command == .eval { scripts.record(request.arg(1)) }
            dispatch(request, .forward(shard: shard))
            return
        }
        let seq = nextSeq
        nextSeq += 1
        slots.append(Slot(reply: nil, pending: ScriptCall(shard: shard, request: Array(request.bytes), body: body)))
        if let failure = scriptBackend(shard).send(request.bytes, target: self, token: seq, fragment: 0, now: worker.now) {
            backendFailed(token: seq, fragment: 0, message: failure)
        }
    }

    /// After a NOSCRIPT: loads the body on the call's shard and sends the EVALSHA again,
    /// on the same connection, so the retry's reply takes the first one's place.
    /// - Returns: false if the shard cannot be reached (the NOSCRIPT is then the reply).
    func loadScriptAndRetry(_ call: ScriptCall, seq: Int) -> Bool {
        let backend = scriptBackend(call.shard)
        let now = worker.now
        if Self.sendScriptLoad(call.body, on: backend, now: now) != nil { return false }
        return call.request.withUnsafeBytes { backend.send($0, target: self, token: seq, fragment: 0, now: now) } == nil
    }

    /// `SCRIPT LOAD body` on `backend`, its reply dropped.
    static func sendScriptLoad(_ body: [UInt8], on backend: BackendConnection, now: Int64) -> String? {
        let load = ByteBuffer(capacity: body.count + 32)
        load.appendArrayHeader(3)
        load.appendBulk("SCRIPT")
        load.appendBulk("LOAD")
        body.withUnsafeBytes { load.appendBulk($0) }
        return backend.send(load.readable, target: DroppedReply.shared, token: 0, fragment: 0, now: now)
    }

    private func scriptBackend(_ shard: Int) -> BackendConnection {
        links?.pinned(shard) ?? pool.backend(shard: shard, clientID: id, protocolVersion: session.protocolVersion)
    }
}
