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
    /// The pool's router; replaced while `auto_eject_hosts` keeps shards off the ring, and
    /// by a reload. Its worker pool keeps it alive; read as a guaranteed reference, so
    /// routing a request retains nothing.
    var routing: Unmanaged<RouterBox>
    /// How many times a reload moved this client to another pool: recovery state taken
    /// before names nodes of the previous pool (``Recovery/adoptions``).
    private(set) var adoptions = 0
    /// This worker's counters for the pool; a reload keeps them (they belong to the pool's
    /// name), and a `let` is read on the data path without a retain.
    let counters: PoolCounters
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
    /// The most room a read is offered for a pipeline arriving faster than it is read.
    static let maxReadRoom = 64 * 1024

    private let input = ByteBuffer(capacity: initialBufferSize)
    let output = ByteBuffer(capacity: initialBufferSize)
    var framer: RequestFramer
    private var args = ArgList()
    var session: ClientSession
    private var needed = 0
    /// Which shards this client wrote to lately, so its reads of them see its writes.
    var readYourWrites: ReadYourWrites
    /// Per pending single-shard request (by sequence number): where else it may go and its
    /// miss reply, in pools with replicas, failover nodes or `on_backend_error: miss`.
    /// Kept out of `slots` so pools without them pay nothing.
    let recoveries = TokenTable<Recovery>()

    let slots = FIFO<Slot>(capacity: 16)
    var firstSeq = 0
    var nextSeq = 0
    /// No more requests are read: end of input, QUIT, or a protocol error.
    var inputClosed = false
    /// Dedicated backend connections (WATCH, blocking calls, pub/sub); nil until needed.
    var links: ClientLinks?
    /// `session.isInSpecialMode`, kept here so the hot path reads one flag.
    var specialMode = false

    // Bounds on what one client can make drover hold (see ClientConnection+Limits.swift).
    /// Reply bytes waiting in `slots` for an older reply (not yet in `output`).
    var heldBytes = 0
    /// Bytes of the requests whose slots are still queued.
    var inFlightBytes = 0
    /// Reading is paused until the in-flight window has room again.
    var readPaused = false
    /// Storage of replies already written, reused for replies that arrive ahead of their
    /// turn (ClientConnection+ReplyOrder.swift).
    var spareReplies: [[UInt8]] = []
    /// When bytes last arrived from the client (worker clock), for `client_timeout`.
    var lastReadAt: Int64 = 0
    /// `max_client_output`, read once per pool (``adopt(_:)`` takes the reloaded one).
    private(set) var outputLimit: Int

    struct Slot {
        var reply: [UInt8]?
        /// What the slot waits for beyond one forwarded reply (fragments to merge, ...).
        var pending: PendingReply?
        /// Close the connection once this reply is written (QUIT, protocol error).
        var closeAfter = false
        /// Size of the request, counted in `inFlightBytes` until the slot leaves.
        var requestBytes = 0
    }

    init(fd: Int32, id: Int, worker: Worker, pool: WorkerPool) {
        self.id = id
        self.worker = worker
        self.poller = worker.poller
        self.pool = pool
        self.routing = .passUnretained(pool.routing)
        fastPool = Unmanaged.passUnretained(pool)
        counters = pool.stats.pool
        self.rewriter = pool.snapshot.rewriter
        framer = RequestFramer(limits: pool.snapshot.requestLimits)
        session = ClientSession(id: id, policy: pool.snapshot.sessionPolicy)
        readYourWrites = ReadYourWrites(windowNs: pool.readYourWritesNs)
        lastReadAt = worker.now
        outputLimit = pool.snapshot.config.maxClientOutput
        super.init(fd: fd)
        if !session.authenticated { framer.limits = framer.limits.beforeAuthentication() }
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
        // After a read that filled the buffer, the next one is offered twice as much room.
        var room = 0
        var total = 0
        while true {
            // Reserve toward a big request's declared size at most 1 MiB ahead of its bytes:
            // a declared `$536870912` that never comes costs nothing (Limits.swift).
            let space = max(Self.minimumReadSpace, min(needed - input.readableCount, Self.maxReserveAhead), room)
            let n = Socket.read(fd, into: input, minSpace: space)
            if n > 0 {
                let filled = input.writableCount == 0
                total += n
                lastReadAt = worker.now
                processInput()
                let lacking = needed - input.readableCount
                guard fd >= 0 && wantsRead && poller.options.readAgain(count: n, filled: filled, total: total, lacking: lacking)
                else { break }
                room = min(max(room, n) * 2, Self.maxReadRoom)
                continue
            }
            if n == 0 || (errno != EAGAIN && errno != EINTR) {
                // End of input: answer what was asked, then close (like twemproxy).
                inputClosed = true
                // A blocked call is ended at once, as Redis ends it: its pop would be lost.
                if isIdle || links?.blocking.isEmpty == false { close() } else {
                    poller.setInterest(self, read: false, write: !output.isEmpty)
                }
            }
            break
        }
        if poller.options.writePerClient { poller.flushQueued() }
    }

    func processInput() {
        while !inputClosed && !input.isEmpty {
            if slots.count >= Self.maxPipelined || inFlightBytes >= Self.maxInFlightBytes {
                pauseReading()
                return
            }
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
                protocolError(error)
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
        let decision = routing._withUnsafeGuaranteedRef { $0.router.route(request) }
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
            slots.append(Slot(requestBytes: request.bytes.count))
            inFlightBytes += request.bytes.count
            forward(request, shard: shard, token: seq, in: pool)
        case .split(let plan):
            let seq = nextSeq
            nextSeq += 1
            forward(plan, request: request, token: seq, in: pool)
        case .local(let command, let spec):
            if answerAdmin(command, request) { return }
            if command == .reset { resetDedicatedState() }
            let out = ByteBuffer(capacity: 256)
            let (wasAuthenticated, failedAuths) = (session.authenticated, session.failedAuths)
            let outcome = session.answer(command, spec: spec, request: request, into: out)
            if session.authenticated != wasAuthenticated || session.failedAuths != failedAuths {
                authenticationChanged(failed: session.failedAuths - failedAuths)
            }
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
        if !recoveries.isEmpty { recoveries[token] = nil }
        let index = token - firstSeq
        if let pending = slots[index].pending {
            holdPending(pending, reply.count)
            if pending.received(reply, fragment: fragment, client: self, seq: token) { finishPending(seq: token, pending) }
            return
        }
        deliver(seq: token, reply: reply)
    }

    func backendFailed(token: Int, fragment: Int, message: String) {
        if fd < 0 { return }
        counters.errors.increment()
        answerFailure(token: token, fragment: fragment, reply: failureReply(token: token, fragment: fragment, message: message))
    }

    /// Puts the reply to a failed request (or fragment): an error, or a read's miss.
    func answerFailure(token: Int, fragment: Int, reply: [UInt8]) {
        let index = token - firstSeq
        if let pending = slots[index].pending {
            holdPending(pending, reply.count)
            let done = reply.withUnsafeBytes { pending.received($0, fragment: fragment, client: self, seq: token) }
            if done { finishPending(seq: token, pending) }
        } else {
            complete(seq: token, bytes: reply)
        }
    }

    /// Writes the reply of a slot whose pending work is complete.
    func finishPending(seq: Int, _ pending: PendingReply) {
        heldBytes -= pending.heldBytes
        pending.heldBytes = 0
        if seq == firstSeq {
            // The oldest slot: its reply is written straight into the output.
            pending.finish(client: self, seq: seq, into: output)
            inFlightBytes -= slots.removeFirst().requestBytes
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

    var closeAfterFlush = false

    // MARK: output

    override func flush() {
        if readPaused && slots.count < Self.maxPipelined / 2 && inFlightBytes < Self.maxInFlightBytes / 2 {
            resumeReading()
            if fd < 0 { return }
        }
        if !Socket.write(fd, from: output) {
            close()
            return
        }
        if output.isEmpty {
            if closeAfterFlush || (inputClosed && slots.isEmpty) {
                close()
                return
            }
            if heldBytes > outputLimit {
                closeForOutputLimit()
                return
            }
            if wantsWrite { poller.setInterest(self, read: wantsRead, write: false) }
        } else {
            if output.readableCount + heldBytes > outputLimit {
                closeForOutputLimit()
                return
            }
            if !wantsWrite { poller.setInterest(self, read: wantsRead, write: true) }
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
        routing = .passUnretained(newPool.routing)
        // Node and shard numbers may differ in the new pool: nothing taken before the
        // reload is sent to another node by number (``backendLost(token:fragment:message:)``).
        adoptions += 1
        readYourWrites = ReadYourWrites(windowNs: newPool.readYourWritesNs)
        assert(counters === newPool.stats.pool)
        outputLimit = newPool.snapshot.config.maxClientOutput
        let limits = newPool.snapshot.requestLimits
        framer.limits = session.authenticated ? limits : limits.beforeAuthentication()
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
        heldBytes = 0
        inFlightBytes = 0
        releaseLinks()
        worker.clientClosed(self)
    }
}
