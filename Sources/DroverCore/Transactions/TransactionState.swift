import RESP

/// One client's MULTI/EXEC/WATCH state, as a state machine that returns what to do.
///
/// ```
///   idle ──MULTI──► queuing ──EXEC──► idle       (+ the transaction runs: ExecPlan)
///    │                 └─DISCARD──► idle
///    └─WATCH k──► idle, watching shard(k)        (a dedicated connection is pinned there;
///                                                 EXEC, DISCARD, UNWATCH release it)
/// ```
/// drover answers MULTI and every queued command itself (`+OK`, `+QUEUED`), keeps the
/// queued requests, and at EXEC sends `MULTI`, the commands and `EXEC` to their shard in one
/// go, so nothing else can run between them on that connection. Errors behave as Redis's
/// do: a command that cannot be queued (unknown, wrong arity, keys on different shards)
/// gets its error at once, and EXEC then answers EXECABORT; errors while running are
/// elements of EXEC's array.
public struct TransactionState {
    /// A queued request, kept as framed so EXEC can re-route and re-encode it.
    struct Queued {
        var bytes: [UInt8]
        var args: ArgList
    }

    /// Whether MULTI was sent and EXEC/DISCARD not yet.
    public private(set) var isQueuing = false
    /// The shard whose keys are watched: a dedicated connection is pinned there.
    public private(set) var watchedShard: Int?
    private var queued: [Queued] = []
    private var queuedBytes = 0
    /// A command could not be queued: EXEC answers EXECABORT.
    private var aborted = false

    public init() {}

    /// Number of commands queued since MULTI.
    public var queuedCount: Int { queued.count }

    // MARK: MULTI, EXEC, DISCARD, WATCH, UNWATCH

    /// Handles one of the transaction commands.
    /// - Parameters:
    ///   - router: places WATCH's keys and, at EXEC, the queued commands.
    ///   - splitAcrossShards: `cross_shard_transactions: split`.
    public mutating func handle(_ command: TransactionCommand, spec: CommandSpec, request: RequestView,
                                router: Router, splitAcrossShards: Bool) -> TransactionStep {
        switch command {
        case .multi:
            if isQueuing { return TransactionStep(.reply(.error("ERR MULTI calls can not be nested"))) }
            isQueuing = true
            return TransactionStep(.reply(.ok))
        case .exec:
            return exec(router: router, splitAcrossShards: splitAcrossShards)
        case .discard:
            guard isQueuing else { return TransactionStep(.reply(.error("ERR DISCARD without MULTI"))) }
            endQueuing()
            return TransactionStep(.reply(.ok), release: unpin(.unwatchFirst))
        case .watch:
            if isQueuing { return TransactionStep(.reply(.error("ERR WATCH inside MULTI is not allowed"))) }
            switch router.keysShard(spec, request) {
            case .failure(let error):
                return TransactionStep(.reply(.error(error.text)))
            case .success(let shard):
                let shard = shard ?? 0
                if let watched = watchedShard, watched != shard {
                    return TransactionStep(.reply(.error(TransactionText.watchSpread)))
                }
                watchedShard = shard
                return TransactionStep(.sendPinned(shard: shard))
            }
        case .unwatch:
            if isQueuing { return append(request, maxBytes: .max) }
            guard let shard = watchedShard else { return TransactionStep(.reply(.ok)) }
            watchedShard = nil
            return TransactionStep(.sendPinned(shard: shard), release: .clean)
        }
    }

    // MARK: queuing

    /// Queues a request that arrived between MULTI and EXEC, given how the router would
    /// route it outside a transaction.
    /// - Parameter maxBytes: the most request bytes a transaction may queue.
    public mutating func queue(_ request: RequestView, decision: RouteDecision, maxBytes: Int) -> TransactionStep {
        switch decision {
        case .forward, .split, .blocking, .script, .local(.ping, _), .local(.echo, _):
            return append(request, maxBytes: maxBytes)
        case .local(.quit, _), .local(.reset, _):
            // Redis runs these at once, even inside MULTI.
            return TransactionStep(.route)
        case .fanout(let plan) where plan.merge == .anyShard:
            return append(request, maxBytes: maxBytes)
        case .error(let text):
            aborted = true
            return TransactionStep(.reply(.error(text)))
        case .local, .fanout, .subscription, .transaction:
            aborted = true
            return TransactionStep(.reply(.error(TransactionText.notInMulti(request.string(0).uppercased()))))
        }
    }

    private mutating func append(_ request: RequestView, maxBytes: Int) -> TransactionStep {
        queuedBytes += request.bytes.count
        if queuedBytes > maxBytes {
            aborted = true
            return TransactionStep(.reply(.error(TransactionText.tooLarge)))
        }
        queued.append(Queued(bytes: Array(request.bytes), args: request.args))
        return TransactionStep(.reply(.queued))
    }

    private mutating func exec(router: Router, splitAcrossShards: Bool) -> TransactionStep {
        guard isQueuing else { return TransactionStep(.reply(.error("ERR EXEC without MULTI"))) }
        let commands = queued
        let wasAborted = aborted
        endQueuing()
        if wasAborted {
            return TransactionStep(.reply(.error("EXECABORT Transaction discarded because of previous errors.")),
                                   release: unpin(.unwatchFirst))
        }
        if commands.isEmpty && watchedShard == nil { return TransactionStep(.reply(.emptyArray)) }
        switch ExecPlan.make(commands, router: router, watchedShard: watchedShard, splitAcrossShards: splitAcrossShards) {
        case .success(let plan):
            // EXEC itself unwatches on the backend: the pinned connection comes back clean.
            return TransactionStep(.execute(plan), release: unpin(.clean))
        case .failure(let failure):
            return TransactionStep(.reply(.error(failure.text)), release: unpin(.unwatchFirst))
        }
    }

    private mutating func endQueuing() {
        isQueuing = false
        aborted = false
        queued = []
        queuedBytes = 0
    }

    private mutating func unpin(_ how: PinRelease) -> PinRelease {
        guard watchedShard != nil else { return .keep }
        watchedShard = nil
        return how
    }

    /// Forgets everything (RESET, or the client left).
    /// - Returns: how to release a pinned connection.
    public mutating func reset() -> PinRelease {
        endQueuing()
        return unpin(.unwatchFirst)
    }
}

/// What the connection layer does for one transaction command.
public struct TransactionStep {
    public enum Work {
        /// drover answers.
        case reply(TransactionReply)
        /// Send the request unchanged over the connection pinned to `shard` (pin one first
        /// if there is none); its reply is the client's.
        case sendPinned(shard: Int)
        /// Run the transaction; its merged EXEC reply is the client's.
        case execute(ExecPlan)
        /// Not the transaction's business: route the request as usual (QUIT, RESET).
        case route
    }

    public let work: Work
    /// What happens to the pinned connection once the work is sent.
    public let release: PinRelease

    init(_ work: Work, release: PinRelease = .keep) {
        self.work = work
        self.release = release
    }
}

/// What to do with a connection WATCH pinned.
public enum PinRelease: Sendable, Equatable {
    /// Keep it (or there is none).
    case keep
    /// Give it back to the pool: nothing is watched on it any more (EXEC, UNWATCH sent).
    case clean
    /// Send UNWATCH on it, then give it back.
    case unwatchFirst
}

/// drover's own answers to transaction commands.
public enum TransactionReply: Sendable, Equatable {
    case ok, queued, emptyArray
    /// An error, text after the '-'.
    case error(String)

    /// Writes the reply.
    public func write(into out: ByteBuffer) {
        switch self {
        case .ok: out.appendSimpleString("OK")
        case .queued: out.appendSimpleString("QUEUED")
        case .emptyArray: out.appendArrayHeader(0)
        case .error(let text): out.appendError(text)
        }
    }
}

/// Transaction errors drover words itself.
public enum TransactionText {
    public static let watchSpread =
        "ERR drover: WATCH keys must all be on one shard; these are on another shard than the keys already watched (use a hash tag)"
    public static let tooLarge = "ERR drover: the transaction is larger than max_request_size"

    public static func notInMulti(_ name: String) -> String {
        "ERR drover: '\(name)' cannot be queued in a transaction through the proxy"
    }

    public static func crossShard(_ shards: Int) -> String {
        "EXECABORT drover: the transaction's keys are on \(shards) shards and cross_shard_transactions is refuse; put them under one hash tag, or set cross_shard_transactions: split (not atomic across shards)"
    }

    public static let watchedCrossShard =
        "EXECABORT drover: a transaction with WATCH must keep all its keys on the watched keys' shard (use a hash tag)"
}
