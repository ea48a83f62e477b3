import DroverCore
import RESP

extension ClientConnection {
    /// Answers the local commands that need the daemon rather than the session: INFO and
    /// DROVER RELOAD / CONFIG / GENERATION.
    /// - Returns: false for every other local command (the session answers it).
    func answerAdmin(_ command: LocalCommand, _ request: RequestView) -> Bool {
        guard let admin = worker.admin else { return false }
        let out = ByteBuffer(capacity: 256)
        switch command {
        case .info:
            _ = writeInfo(request, into: out)
        case .droverGeneration:
            out.appendInteger(admin.generation)
        case .droverConfig:
            out.appendBulk(admin.configText())
        case .droverReload:
            // The reload runs on the control queue and posts its answer back to this worker,
            // which may meanwhile serve other requests (this client's included, in order).
            let seq = reserveReply()
            let worker = self.worker
            let client = WorkerBound(value: self)
            admin.reload { outcome in
                let reply = ByteBuffer(capacity: 256)
                switch outcome {
                case .applied(let generation, let summary):
                    reply.appendSimpleString("OK generation \(generation): \(summary)")
                case .failed(let error, let generation):
                    reply.appendError("ERR drover: reload failed, generation \(generation) keeps serving: \(error)")
                }
                let bytes = reply.readableBytes
                worker.post(.perform { _ in
                    bytes.withUnsafeBytes { client.value.backendReplied(token: seq, fragment: 0, reply: $0) }
                })
            }
            return true
        default:
            return false
        }
        respond(out.readableBytes, closeAfter: false)
        return true
    }

    /// Writes drover's INFO sections for `INFO [section ...]` as a bulk string; false when
    /// there is no server to ask (the session's own short answer is used then). With the
    /// keyspace asked for too, this is the part written before the shards' summed keyspace.
    func writeInfo(_ request: RequestView, into out: ByteBuffer) -> Bool {
        guard let admin = worker.admin else { return false }
        out.appendBulk(admin.infoText(sections: (1..<request.count).map(request.string)))
        return true
    }

    /// Logs a `max_clients` rejection, at most once a second per pool and worker.
    func noteRejected(limit: Int) {
        pool.stats.clients.rejected.wrappingAdd(1, ordering: .relaxed)
        if let held = pool.rejectionLog.record(now: worker.now) {
            worker.logger.warning("max_clients reached, refusing clients", metadata: [
                "pool": "\(pool.snapshot.config.name)", "max_clients": "\(limit)", "refused_since_last_line": "\(held + 1)"])
        }
    }
}
