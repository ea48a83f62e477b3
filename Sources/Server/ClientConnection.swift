import Backend
import DroverCore
import Glibc
import RESP
import Stats
import ValueEnvelope

/// One connected client: frames its requests, routes them, and writes the replies back
/// in request order, whatever order the shards answer in.
///
/// ```
///   slots (oldest first):   [seq 7: waiting] [seq 8: ready "+OK"] [seq 9: waiting, 2 fragments]
///   firstSeq = 7            a reply for seq 7 is written at once, then seq 8 follows it
/// ```
/// A reply for the oldest slot goes straight into `output`; a reply that overtakes an
/// older one is copied into its slot until the older ones are written.
final class ClientConnection: Pollable, ReplyTarget {
    let id: Int
    // The worker and its poller outlive every client they own.
    unowned(unsafe) let worker: Worker
    unowned(unsafe) let poller: Poller
    /// The pool's routing and backends; a reload swaps it (``adopt(_:)``).
    private(set) var pool: WorkerPool
    /// `pool` again, unretained: the data path reaches it through `_withUnsafeGuaranteedRef`,
    /// so swappable routing costs no retain/release per request (as a `let` did not).
    private var fastPool: Unmanaged<WorkerPool>
    /// This worker's counters for the pool; a reload keeps them (they belong to the pool's
    /// name), and a `let` is read on the data path without a retain.
    let counters: PoolCounters
    /// The pool's router, for the cold paths (fan-outs, transactions, pub/sub).
    var router: Router { pool.router }
    /// Non-nil on pools with `compression` or `herd_timeout` (ClientConnection+Envelope);
    /// follows the pool across reloads (``adopt(_:)``).
    private(set) var rewriter: EnvelopeRewriter?
    /// The reply plans of the commands queued since MULTI, on such pools.
    var queuedPlans: [ReplyPlan] = []

    /// Buffers start small and shrink back when emptied: an idle client costs a few KB
    /// (10,000 idle clients were the target), and a big request grows its buffer once,
    /// to the size the framer asks for.
    static let initialBufferSize = 2 * 1024
    /// The least free space a read is given.
    static let minimumReadSpace = 1024

    private let input = ByteBuffer(capacity: initialBufferSize)
    let output = ByteBuffer(capacity: initialBufferSize)
    private var framer: RequestFramer
    private var args = ArgList()
    var session: ClientSession
    private var needed = 0

    let slots = FIFO<Slot>(capacity: 16)
    var firstSeq = 0
    var nextSeq = 0
    /// No more requests are read: end of input, QUIT, or a protocol error.
    var inputClosed = false
    /// Dedicated backend connections (WATCH, blocking calls, pub/sub); nil until needed.
    var links: ClientLinks?
    /// `session.isInSpecialMode`, kept here so the hot path reads one flag.
    var specialMode = false

    struct Slot {
        var reply: [UInt8]?
        /// What the slot waits for beyond one forwarded reply (fragments to merge, ...).
        var pending: PendingReply?
        /// Close the connection once this reply is written (QUIT, protocol error).
        var closeAfter = false
    }

    init(fd: Int32, id: Int, worker: Worker, pool: WorkerPool) {
        self.id = id
        self.worker = worker
        self.poller = worker.poller
        self.pool = pool
        fastPool = Unmanaged.passUnretained(pool)
        counters = pool.stats.pool
        self.rewriter = pool.snapshot.rewriter
        framer = RequestFramer(limits: pool.snapshot.requestLimits)
        session = ClientSession(id: id, policy: pool.snapshot.sessionPolicy)
        super.init(fd: fd)
    }

    /// Whether nothing is owed to this client (used to finish a graceful stop).
    var isIdle: Bool { slots.isEmpty && output.isEmpty }

    /// Checks limits that apply from the first byte.
    func greet() {
        let limit = pool.snapshot.config.maxClients ?? 0
        if limit > 0 && pool.stats.clients.connected.load(ordering: .relaxed) > limit {
            noteRejected(limit: limit)
            output.appendError("ERR max number of clients reached")
            inputClosed = true
            closeAfterFlush = true
            poller.queueFlush(self)
        }
    }

    // MARK: events

    override func handle(events: UInt32) {
        if events & (Poller.readable | Poller.hangup) != 0 && !inputClosed {
            readRequests()
        }
        if fd >= 0 && events & Poller.writable != 0 { flush() }
    }

    private func readRequests() {
        let space = max(Self.minimumReadSpace, needed - input.readableCount)
        let n = Socket.read(fd, into: input, minSpace: space)
        if n > 0 {
            processInput()
        } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
            // End of input: answer what was asked, then close (like twemproxy).
            inputClosed = true
            // A blocked call is ended at once, as Redis ends it: its pop would be lost.
            if isIdle || links?.blocking.isEmpty == false { close() } else {
                poller.setInterest(self, read: false, write: !output.isEmpty)
            }
        }
    }

    private func processInput() {
        while !inputClosed && !input.isEmpty {
            let buffer = input.readable
            switch framer.frame(buffer, into: &args) {
            case .incomplete(let bytes):
                needed = bytes
                return
            case .request(let length):
                needed = 0
                framer.reset()
                if args.count > 0 {
                    if let inline = args.inlineEncoding {
                        inline.withUnsafeBytes { dispatch(RequestView(bytes: $0, args: args)) }
                    } else {
                        dispatch(RequestView(bytes: UnsafeRawBufferPointer(rebasing: buffer[..<length]), args: args))
                    }
                }
                input.consume(length)
            case .error(let error):
                counters.errors.increment()
                inputClosed = true
                let out = ByteBuffer(capacity: 128)
                out.appendError(error.message)
                respond(out.readableBytes, closeAfter: true)
                input.reset()
                poller.setInterest(self, read: false, write: wantsWrite)
            }
        }
    }

    // MARK: routing

    private func dispatch(_ request: RequestView) {
        fastPool._withUnsafeGuaranteedRef { dispatch(request, in: $0) }
    }

    /// Routes one request. The pool comes in as a parameter, so everything reached through
    /// it (router, backend arrays) is borrowed rather than retained.
    private func dispatch(_ request: RequestView, in pool: WorkerPool) {
        counters.requests.increment()
        if let refusal = session.admit(request) {
            respondError(refusal)
            return
        }
        let decision = pool.router.route(request)
        if specialMode {
            dispatchInSpecialMode(request, decision)
            specialMode = session.isInSpecialMode
            return
        }
        if let rewriter, dispatchEnveloped(request, decision, rewriter) { return }
        dispatch(request, decision, in: pool)
    }

    /// Carries out a routing decision.
    func dispatch(_ request: RequestView, _ decision: RouteDecision) {
        fastPool._withUnsafeGuaranteedRef { dispatch(request, decision, in: $0) }
    }

    @inline(__always)
    private func dispatch(_ request: RequestView, _ decision: RouteDecision, in pool: WorkerPool) {
        switch decision {
        case .forward(let shard):
            let seq = nextSeq
            nextSeq += 1
            slots.append(Slot())
            let backend = links?.pinned(shard) ?? pool.backend(shard: shard, clientID: id, protocolVersion: session.protocolVersion)
            if let failure = backend.send(request.bytes, target: self, token: seq, fragment: 0, now: worker.now) {
                backendFailed(token: seq, fragment: 0, message: failure)
            }
        case .split(let plan):
            let seq = nextSeq
            nextSeq += 1
            slots.append(Slot(reply: nil, pending: SplitReplies(plan)))
            plan.requests.withUnsafeBytes { requests in
                for (index, fragment) in plan.fragments.enumerated() {
                    let backend = links?.pinned(fragment.shard)
                        ?? pool.backend(shard: fragment.shard, clientID: id, protocolVersion: session.protocolVersion)
                    let bytes = UnsafeRawBufferPointer(rebasing: requests[fragment.range])
                    if let failure = backend.send(bytes, target: self, token: seq, fragment: index, now: worker.now) {
                        backendFailed(token: seq, fragment: index, message: failure)
                    }
                }
            }
        case .local(let command, let spec):
            if answerAdmin(command, request) { return }
            if command == .reset { resetDedicatedState() }
            let out = ByteBuffer(capacity: 256)
            let outcome = session.answer(command, spec: spec, request: request, into: out)
            respond(out.readableBytes, closeAfter: outcome == .replyAndClose)
            if outcome == .replyAndClose { inputClosed = true }
            specialMode = session.isInSpecialMode
        case .error(let text):
            respondError(text)
        case .fanout(let plan):
            startFanout(plan, request)
        case .transaction(let command, let spec):
            handleTransaction(command, spec: spec, request)
            specialMode = session.isInSpecialMode
        case .blocking(let shard):
            sendBlocking(request, shard: shard)
        case .subscription(let command):
            handleSubscription(command, request)
            specialMode = session.isInSpecialMode
        case .script(let command, let shard):
            sendScript(command, request, shard: shard)
        }
    }

    func respondError(_ text: String) {
        counters.errors.increment()
        let out = ByteBuffer(capacity: 128)
        out.appendError(text)
        respond(out.readableBytes, closeAfter: false)
    }

    /// Answers a request drover handled itself, in its place in the order.
    func respond(_ bytes: [UInt8], closeAfter: Bool) {
        let seq = nextSeq
        nextSeq += 1
        slots.append(Slot(reply: nil, pending: nil, closeAfter: closeAfter))
        complete(seq: seq, bytes: bytes)
    }

    // MARK: replies

    func backendReplied(token: Int, fragment: Int, reply: UnsafeRawBufferPointer) {
        if fd < 0 { return }
        let index = token - firstSeq
        if let pending = slots[index].pending {
            if pending.received(reply, fragment: fragment, client: self, seq: token) { finishPending(seq: token, pending) }
            return
        }
        deliver(seq: token, reply: reply)
    }

    /// The reply of slot `seq`: written at once if it is the oldest, else kept in its slot.
    @inline(__always)
    func deliver(seq: Int, reply: UnsafeRawBufferPointer) {
        let index = seq - firstSeq
        if index == 0 {
            output.append(reply)
            slots.removeFirst()
            firstSeq += 1
            writeReadySlots()
            poller.queueFlush(self)
        } else {
            slots[index].reply = Array(reply)
        }
    }

    func backendFailed(token: Int, fragment: Int, message: String) {
        if fd < 0 { return }
        counters.errors.increment()
        let out = ByteBuffer(capacity: 128)
        out.appendError(message)
        let index = token - firstSeq
        if let pending = slots[index].pending {
            if pending.received(out.readable, fragment: fragment, client: self, seq: token) {
                finishPending(seq: token, pending)
            }
        } else {
            complete(seq: token, bytes: out.readableBytes)
        }
    }

    /// Writes the reply of a slot whose pending work is complete.
    func finishPending(seq: Int, _ pending: PendingReply) {
        if seq == firstSeq {
            // The oldest slot: its reply is written straight into the output.
            pending.finish(client: self, seq: seq, into: output)
            slots.removeFirst()
            firstSeq += 1
            writeReadySlots()
            poller.queueFlush(self)
            return
        }
        let out = ByteBuffer(capacity: 1024)
        pending.finish(client: self, seq: seq, into: out)
        slots[seq - firstSeq].pending = nil
        complete(seq: seq, bytes: out.readableBytes)
    }

    /// Stores the reply of slot `seq` and writes every reply that is now in order.
    func complete(seq: Int, bytes: [UInt8]) {
        slots[seq - firstSeq].reply = bytes
        writeReadySlots()
        poller.queueFlush(self)
    }

    func writeReadySlots() {
        while let first = slots.first, let reply = first.reply {
            output.append(reply)
            slots.removeFirst()
            firstSeq += 1
            if first.closeAfter {
                slots.removeAll()
                inputClosed = true
                closeAfterFlush = true
                return
            }
        }
    }

    var closeAfterFlush = false

    // MARK: output

    override func flush() {
        if !Socket.write(fd, from: output) {
            close()
            return
        }
        if output.isEmpty {
            if closeAfterFlush || (inputClosed && slots.isEmpty) {
                close()
                return
            }
            if wantsWrite { poller.setInterest(self, read: !inputClosed, write: false) }
        } else {
            if output.readableCount > pool.snapshot.config.maxClientOutput {
                counters.outputLimitDisconnects.increment()
                worker.logger.warning("client output limit reached, closing", metadata: [
                    "client": "\(id)", "pending_bytes": "\(output.readableCount)"])
                close()
                return
            }
            if !wantsWrite { poller.setInterest(self, read: !inputClosed, write: true) }
        }
    }

    /// Takes the next place in the reply order for an answer that comes later; the answer
    /// is delivered with ``backendReplied(token:fragment:reply:)`` (DROVER RELOAD).
    func reserveReply() -> Int {
        let seq = nextSeq
        nextSeq += 1
        slots.append(Slot())
        return seq
    }

    // MARK: reloads and shutdown

    /// Routes this client's next requests with a reloaded pool; requests already sent
    /// finish on the backends they went to.
    func adopt(_ newPool: WorkerPool) {
        pool = newPool
        fastPool = Unmanaged.passUnretained(newPool)
        rewriter = newPool.snapshot.rewriter
        assert(counters === newPool.stats.pool)
        framer.limits = newPool.snapshot.requestLimits
    }

    /// Reads no more requests, answers those already read, then closes (a removed pool, a
    /// graceful stop). Blocking calls and subscriptions, which have no end of their own,
    /// end at once: a blocked call is answered with an error.
    func retire() {
        guard fd >= 0 else { return }
        inputClosed = true
        if links != nil { releaseLinks() }
        if isIdle { close() } else { poller.setInterest(self, read: false, write: wantsWrite) }
    }

    func close() {
        guard fd >= 0 else { return }
        poller.deregister(self)
        Glibc.close(fd)
        fd = -1
        slots.removeAll()
        releaseLinks()
        worker.clientClosed(self)
    }
}
