import Backend
import Config
import DroverCore
import RESP

/// MULTI/EXEC/DISCARD/WATCH/UNWATCH, and requests while a transaction is queued or a RESP2
/// client is subscribed: thin I/O over ``TransactionState`` and ``PubSubState``.
extension ClientConnection {
    func handleTransaction(_ command: TransactionCommand, spec: CommandSpec, _ request: RequestView) {
        let queuedBefore = session.transaction.queuedCount
        let step = session.transaction.handle(command, spec: spec, request: request, router: router,
                                              splitAcrossShards: pool.snapshot.config.crossShardTransactions == .split)
        perform(step, request)
        notePlan(.forward, queuedBefore: queuedBefore)
    }

    /// Requests that arrive while a transaction is queued, or while a RESP2 client is
    /// subscribed.
    func dispatchInSpecialMode(_ request: RequestView, _ decision: RouteDecision) {
        if session.transaction.isQueuing {
            switch decision {
            case let .transaction(command, spec):
                handleTransaction(command, spec: spec, request)
            default:
                if case .script(.eval, _) = decision { pool.snapshot.scripts.record(request.arg(1)) }
                let step = queueInTransaction(request, decision)
                if case .route = step.work { dispatch(request, decision) } else { perform(step, request) }
            }
            return
        }
        // A RESP2 client while subscribed, as Redis allows it.
        switch decision {
        case .subscription, .error, .local(.quit, _), .local(.reset, _):
            dispatch(request, decision)
        case .local(.ping, _):
            let out = ByteBuffer(capacity: 64)
            PubSubState.pong(request, into: out)
            respond(out.readableBytes, closeAfter: false)
        default:
            respondError(PubSubState.notAllowed(request.string(0)))
        }
    }

    private func perform(_ step: TransactionStep, _ request: RequestView) {
        switch step.work {
        case .reply(let reply):
            let out = ByteBuffer(capacity: 64)
            reply.write(into: out)
            respond(out.readableBytes, closeAfter: false)
        case .sendPinned(let shard):
            let seq = nextSeq
            nextSeq += 1
            slots.append(Slot())
            let connection = pinnedConnection(shard)
            if let failure = connection.send(request.bytes, target: self, token: seq, fragment: 0, now: worker.now) {
                backendFailed(token: seq, fragment: 0, message: failure)
            } else if session.transaction.watchedShard != nil {
                links?.noteWatch()  // WATCH (after UNWATCH nothing is watched)
            }
        case .execute(let plan):
            if plan.blocks.contains(where: \.pinned), links?.watchHolds != true {
                // The connection holding the WATCH was lost: the keys may have changed
                // unseen, so the transaction fails as a broken watch does (clients retry).
                respond(session.protocolVersion == 3 ? Array("_\r\n".utf8) : Array("*-1\r\n".utf8), closeAfter: false)
                releasePinned(.unwatchFirst)
                return
            }
            execute(plan)
        case .route:
            break
        }
        releasePinned(step.release)
    }

    /// Sends each block (MULTI, the commands, EXEC) in one go on its connection, so
    /// nothing else runs between them there.
    private func execute(_ plan: ExecPlan) {
        let seq = nextSeq
        nextSeq += 1
        slots.append(Slot(reply: nil, pending: execReplies(plan)))
        let now = worker.now
        var fragment = 0
        for block in plan.blocks {
            let backend = block.pinned
                ? pinnedConnection(block.shard)
                : pool.backend(shard: block.shard, clientID: id, protocolVersion: session.protocolVersion)
            // Scripts drover knows are loaded first, so no EVALSHA in the block meets NOSCRIPT.
            for sha in block.scriptSHAs {
                if let body = sha.withUnsafeBytes({ pool.snapshot.scripts.body(forSHA: $0) }) {
                    _ = Self.sendScriptLoad(body, on: backend, now: now)
                }
            }
            var start = 0
            block.requests.withUnsafeBytes { bytes in
                for end in block.ends {
                    let request = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                    if let failure = backend.send(request, target: self, token: seq, fragment: fragment, now: now) {
                        backendFailed(token: seq, fragment: fragment, message: failure)
                    }
                    start = end
                    fragment += 1
                }
            }
        }
    }
}
