import Backend
import DroverCore
import Glibc
import RESP

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
    let pool: WorkerPool
    private let router: Router

    /// Buffers start small and shrink back when emptied: an idle client costs a few KB
    /// (10,000 idle clients were the target), and a big request grows its buffer once,
    /// to the size the framer asks for.
    static let initialBufferSize = 2 * 1024
    /// The least free space a read is given.
    static let minimumReadSpace = 1024

    private let input = ByteBuffer(capacity: initialBufferSize)
    let output = ByteBuffer(capacity: initialBufferSize)
    var framer: RequestFramer
    private var args = ArgList()
    var session: ClientSession
    private var needed = 0

    let slots = FIFO<Slot>(capacity: 16)
    private var firstSeq = 0
    private var nextSeq = 0
    /// No more requests are read: end of input, QUIT, or a protocol error.
    private(set) var inputClosed = false

    // Bounds on what one client can make drover hold (see ClientConnection+Limits.swift).
    /// Reply bytes waiting in `slots` for an older reply (not yet in `output`).
    var heldBytes = 0
    /// Bytes of the requests whose slots are still queued.
    var inFlightBytes = 0
    /// Reading is paused until the in-flight window has room again.
    var readPaused = false
    /// When bytes last arrived from the client (worker clock), for `client_timeout`.
    var lastReadAt: Int64 = 0
    /// `max_client_output`, read once.
    let outputLimit: Int

    struct Slot {
        var reply: [UInt8]?
        var merge: MergeState?
        /// Close the connection once this reply is written (QUIT, protocol error).
        var closeAfter = false
        /// Size of the request, counted in `inFlightBytes` until the slot leaves.
        var requestBytes = 0
    }

    /// Collects the fragments' replies of one split request.
    final class MergeState {
        let plan: SplitPlan
        var replies: [[UInt8]]
        var remaining: Int
        init(plan: SplitPlan) {
            self.plan = plan
            replies = Array(repeating: [], count: plan.fragments.count)
            remaining = plan.fragments.count
        }
    }

    init(fd: Int32, id: Int, worker: Worker, pool: WorkerPool) {
        self.id = id
        self.worker = worker
        self.poller = worker.poller
        self.pool = pool
        self.router = pool.snapshot.router
        framer = RequestFramer(limits: pool.snapshot.requestLimits)
        session = ClientSession(id: id, policy: pool.snapshot.sessionPolicy)
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
        if limit > 0 && pool.snapshot.clientCount.load(ordering: .relaxed) > limit {
            worker.clientEvents.rejectedMaxClients.add(1, ordering: .relaxed)
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
        // Reserve toward a big request's declared size at most 1 MiB ahead of its bytes:
        // a declared `$536870912` that never comes costs nothing (Limits.swift).
        let space = max(Self.minimumReadSpace, min(needed - input.readableCount, Self.maxReserveAhead))
        let n = Socket.read(fd, into: input, minSpace: space)
        if n > 0 {
            lastReadAt = worker.now
            processInput()
        } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
            // End of input: answer what was asked, then close (like twemproxy).
            inputClosed = true
            if isIdle { close() } else { poller.setInterest(self, read: false, write: !output.isEmpty) }
        }
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
        if let refusal = session.admit(request) {
            respondError(refusal)
            return
        }
        switch router.route(request) {
        case .forward(let shard):
            let seq = nextSeq
            nextSeq += 1
            slots.append(Slot(requestBytes: request.bytes.count))
            inFlightBytes += request.bytes.count
            let backend = pool.backend(shard: shard, clientID: id, protocolVersion: session.protocolVersion)
            if let failure = backend.send(request.bytes, target: self, token: seq, fragment: 0, now: worker.now) {
                backendFailed(token: seq, fragment: 0, message: failure)
            }
        case .split(let plan):
            let seq = nextSeq
            nextSeq += 1
            slots.append(Slot(reply: nil, merge: MergeState(plan: plan), requestBytes: request.bytes.count))
            inFlightBytes += request.bytes.count
            for (index, fragment) in plan.fragments.enumerated() {
                let backend = pool.backend(shard: fragment.shard, clientID: id, protocolVersion: session.protocolVersion)
                let failure = fragment.request.withUnsafeBytes {
                    backend.send($0, target: self, token: seq, fragment: index, now: worker.now)
                }
                if let failure { backendFailed(token: seq, fragment: index, message: failure) }
            }
        case .local(let command, let spec):
            let out = ByteBuffer(capacity: 256)
            let (wasAuthenticated, failedAuths) = (session.authenticated, session.failedAuths)
            let outcome = session.answer(command, spec: spec, request: request, into: out)
            if session.authenticated != wasAuthenticated || session.failedAuths != failedAuths {
                authenticationChanged(failed: session.failedAuths - failedAuths)
            }
            respond(out.readableBytes, closeAfter: outcome == .replyAndClose)
            if outcome == .replyAndClose { inputClosed = true }
        case .error(let text):
            respondError(text)
        }
    }

    private func respondError(_ text: String) {
        let out = ByteBuffer(capacity: 128)
        out.appendError(text)
        respond(out.readableBytes, closeAfter: false)
    }

    /// Answers a request drover handled itself, in its place in the order.
    private func respond(_ bytes: [UInt8], closeAfter: Bool) {
        let seq = nextSeq
        nextSeq += 1
        slots.append(Slot(reply: nil, merge: nil, closeAfter: closeAfter))
        complete(seq: seq, bytes: bytes)
    }

    // MARK: replies

    func backendReplied(token: Int, fragment: Int, reply: UnsafeRawBufferPointer) {
        if fd < 0 { return }
        let index = token - firstSeq
        if let merge = slots[index].merge {
            merge.replies[fragment] = Array(reply)
            hold(reply.count)
            merge.remaining -= 1
            if merge.remaining == 0 { finishMerge(seq: token, merge) }
            return
        }
        if index == 0 {
            output.append(reply)
            inFlightBytes -= slots.removeFirst().requestBytes
            firstSeq += 1
            writeReadySlots()
            poller.queueFlush(self)
        } else {
            slots[index].reply = Array(reply)
            hold(reply.count)
        }
    }

    func backendFailed(token: Int, fragment: Int, message: String) {
        if fd < 0 { return }
        let out = ByteBuffer(capacity: 128)
        out.appendError(message)
        let index = token - firstSeq
        if let merge = slots[index].merge {
            merge.replies[fragment] = out.readableBytes
            hold(out.readableCount)
            merge.remaining -= 1
            if merge.remaining == 0 { finishMerge(seq: token, merge) }
        } else {
            complete(seq: token, bytes: out.readableBytes)
        }
    }

    private func finishMerge(seq: Int, _ merge: MergeState) {
        let out = ByteBuffer(capacity: 1024)
        merge.plan.merged(merge.replies, into: out)
        heldBytes -= merge.replies.reduce(0) { $0 + $1.count }
        slots[seq - firstSeq].merge = nil
        complete(seq: seq, bytes: out.readableBytes)
    }

    /// Stores the reply of slot `seq` and writes every reply that is now in order.
    private func complete(seq: Int, bytes: [UInt8]) {
        slots[seq - firstSeq].reply = bytes
        heldBytes += bytes.count
        writeReadySlots()
        poller.queueFlush(self)
    }

    private func writeReadySlots() {
        while let first = slots.first, let reply = first.reply {
            output.append(reply)
            heldBytes -= reply.count
            inFlightBytes -= first.requestBytes
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

    private var closeAfterFlush = false

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

    func close() {
        guard fd >= 0 else { return }
        poller.deregister(self)
        Glibc.close(fd)
        fd = -1
        slots.removeAll()
        heldBytes = 0
        inFlightBytes = 0
        worker.clientClosed(self)
    }
}
