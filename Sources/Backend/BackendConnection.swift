import Glibc
import Logging
import RESP
import Stats
import Synchronization

/// One pipelined connection from a worker to one backend Redis node.
///
/// Requests are appended to `out` and written once per loop turn; replies are paired
/// with requests in FIFO order (twemproxy's server-side queue):
///
/// ```
///   send()  ──► out ──write──► redis ──read──► in ──frame──► pending.first.target
///                 pending: [setup][setup][req a][req b] ...     (oldest first)
///                          └ expiredCount ┘ already answered with a timeout error
/// ```
///
/// A request that passes its deadline is answered with an error at once and stays in
/// the queue as "expired", so the backend's late reply still pairs with it and is
/// dropped: pairing can never shift onto a later request.
public final class BackendConnection: Pollable {
    /// What the connection is doing.
    public enum State: Sendable { case closed, connecting, connected }

    struct Entry {
        /// nil for drover's own setup commands (AUTH, SELECT).
        var target: ReplyTarget?
        var token: Int
        var fragment: Int32
        var deadline: Int64
        /// The worker's turn time when the request was queued, for the latency histogram.
        var sentAt: Int64
    }

    /// The shard's name and node address, for error messages and logs.
    public let label: String
    public let address: SocketAddress
    public private(set) var state: State = .closed
    /// The node's shared health: told of failures and replies (nil: not tracked). A reload
    /// that carries the connection over points it at the new snapshot's cell.
    public private(set) var health: NodeHealthCell?
    /// `health`'s state word, read on every reply without reference counting.
    private var healthWord: UnsafeMutablePointer<Atomic<Int>>?
    /// Where this connection counts requests, failures and latency: the counters its pool
    /// shares among the worker's connections to the same node. A `let`, so the data path
    /// reads it without retaining it.
    public let counters: ServerCounters
    /// How many times the connection was opened: a change means server-side state (a
    /// WATCH) was lost with the old connection.
    public private(set) var openCount = 0

    private unowned(unsafe) let poller: Poller
    private unowned(unsafe) let deadline: Deadline
    let logger: Logger
    private let setupCommands: [UInt8]
    private let setupCount: Int
    var timeoutNs: Int64
    var connectTimeoutNs: Int64
    /// Whether this connection is counted in `counters.connections`.
    var countedOpen = false
    private let out = ByteBuffer(capacity: 16 * 1024)
    private let input = ByteBuffer(capacity: 16 * 1024)
    private var framer = ReplyFramer()
    private let pending = FIFO<Entry>(capacity: 64)
    private var expiredCount = 0
    private var connectDeadline: Int64 = .max

    /// - Parameters:
    ///   - label: e.g. `shard 's1' (127.0.0.1:7001)`.
    ///   - setupCommands: encoded commands sent first on every new connection
    ///     (AUTH, SELECT); their replies are checked and not forwarded.
    ///   - timeoutMs: per-request reply deadline; nil waits forever (twemproxy's default).
    ///   - deadline: the worker's wake-up time, lowered for every request's deadline.
    ///   - counters: the worker's counters for this node.
    ///   - health: the node's shared health state, if tracked.
    public init(label: String, address: SocketAddress, poller: Poller, deadline: Deadline, logger: Logger,
                setupCommands: [[UInt8]], timeoutMs: Int?, connectTimeoutMs: Int,
                counters: ServerCounters = ServerCounters(), health: NodeHealthCell? = nil) {
        self.counters = counters
        self.label = label
        self.address = address
        self.health = health
        healthWord = health?.word
        self.poller = poller
        self.deadline = deadline
        self.logger = logger
        self.setupCommands = setupCommands.flatMap { $0 }
        self.setupCount = setupCommands.count
        self.timeoutNs = timeoutMs.map { Int64($0) * 1_000_000 } ?? .max
        self.connectTimeoutNs = Int64(connectTimeoutMs) * 1_000_000
        super.init(fd: -1)
    }

    /// Requests sent and not yet answered by the backend (expired ones included).
    public var inFlight: Int { pending.count }

    /// Set on a subscriber connection: frames no request waits for (pub/sub messages and
    /// confirmations) go here, and so does the news that the connection was lost.
    public var pushTarget: PushTarget?

    /// Queues `request` (complete, encoded) for the backend; the reply goes to `target`.
    /// - Parameter waitsForever: the request may legitimately take any time (a blocking
    ///   command on a dedicated connection): no reply deadline.
    /// - Returns: nil, or the error text if the node cannot be reached right now (the
    ///   request was not queued and the caller answers it).
    public func send(_ request: UnsafeRawBufferPointer, target: ReplyTarget, token: Int,
                     fragment: Int, now: Int64, waitsForever: Bool = false) -> String? {
        counters.requests.increment()
        if state == .closed, let failure = open(now: now) {
            counters.errors.increment()
            return failure
        }
        out.append(request)
        var due = Int64.max
        if timeoutNs != .max && !waitsForever {
            due = now &+ timeoutNs
            deadline.note(due)
        }
        pending.append(Entry(target: target, token: token, fragment: Int32(truncatingIfNeeded: fragment), deadline: due,
                             sentAt: now))
        if state == .connected { poller.queueFlush(self) }
        return nil
    }

    /// Queues `request` without waiting for a reply: on a subscriber connection, where
    /// whatever comes back goes to ``pushTarget``.
    /// - Returns: nil, or the error text if the node cannot be reached.
    public func sendUnpaired(_ request: UnsafeRawBufferPointer, now: Int64) -> String? {
        if state == .closed, let failure = open(now: now) { return failure }
        out.append(request)
        if state == .connected { poller.queueFlush(self) }
        return nil
    }

    /// Opens the connection ahead of the first request (`preconnect`).
    public func connectNow(now: Int64) {
        guard state == .closed else { return }
        if let failure = open(now: now) {
            logger.warning("preconnect failed", metadata: ["backend": "\(label)", "error": "\(failure)"])
        }
    }

    private func open(now: Int64) -> String? {
        let connected: (fd: Int32, inProgress: Bool)
        do {
            connected = try Socket.connect(to: address)
        } catch {
            let message = "ERR drover: cannot connect to \(label): \(error)"
            noteDown("\(error)")
            health?.recordFailure(message)
            return message
        }
        fd = connected.fd
        openCount += 1
        state = connected.inProgress ? .connecting : .connected
        connectDeadline = connected.inProgress ? now &+ connectTimeoutNs : .max
        deadline.note(connectDeadline)
        input.reset()
        framer.reset()
        poller.register(self)
        if connected.inProgress { poller.setInterest(self, write: true) }
        if !connected.inProgress { noteUp() }
        if setupCount > 0 {
            setupCommands.withUnsafeBytes { out.append($0) }
            for _ in 0..<setupCount {
                pending.append(Entry(target: nil, token: 0, fragment: 0, deadline: now &+ connectTimeoutNs, sentAt: now))
            }
            deadline.note(now &+ connectTimeoutNs)
        }
        if state == .connected { poller.queueFlush(self) }
        return nil
    }

    public override func flush() {
        guard state == .connected else { return }
        if !Socket.write(fd, from: out) {
            broke("ERR drover: connection to \(label) lost while writing: \(SocketError("write"))")
            return
        }
        let blocked = !out.isEmpty
        if blocked != wantsWrite { poller.setInterest(self, write: blocked) }
    }

    public override func handle(events: UInt32) {
        if state == .connecting {
            let code = Socket.pendingError(fd)
            if code != 0 {
                broke("ERR drover: cannot connect to \(label): \(SocketError("connect", code: code))")
                return
            }
            state = .connected
            connectDeadline = .max
            noteUp()
            flush()
            if events & Poller.readable == 0 { return }
        }
        if events & (Poller.readable | Poller.hangup) != 0 {
            var total = 0
            while readReplies(total: &total) && fd >= 0 {}
        }
        if fd >= 0 && events & Poller.writable != 0 { flush() }
    }

    /// Reads and delivers what the backend sent.
    /// - Returns: whether to read again now (``LoopOptions/readAgain(count:filled:total:lacking:)``).
    private func readReplies(total: inout Int) -> Bool {
        let n = Socket.read(fd, into: input, minSpace: 16 * 1024)
        if n <= 0 {
            if n < 0 && (errno == EAGAIN || errno == EINTR) { return false }
            broke(n == 0 ? "ERR drover: connection to \(label) closed by the backend"
                         : "ERR drover: connection to \(label) lost: \(SocketError("read"))")
            return false
        }
        total += n
        let filled = input.writableCount == 0
        // Replies end a run of failures (suspect -> up): one relaxed load per read.
        if let word = healthWord, word.pointee.load(ordering: .relaxed) > 0 { health?.recordReply() }
        var offset = 0
        let bytes = input.readable
        while offset < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            switch framer.frame(rest) {
            case .reply(let length):
                framer.reset()
                if let latency = deliver(UnsafeRawBufferPointer(rebasing: rest[..<length])) {
                    counters.observe(latencyNs: latency)
                }
                offset += length
                if fd < 0 { return false }  // a delivery found the connection broken
            case .incomplete(let needed):
                input.consume(offset)
                // Grow toward what the reply declares, but never size the buffer from the
                // declaration alone: a broken backend's `$900000000000` would be an
                // allocation drover cannot survive. Bytes that arrive grow it further.
                if needed > input.readableCount { input.reserve(min(needed - input.readableCount, Self.maxReserveAhead)) }
                return poller.options.readAgain(count: n, filled: filled, total: total, lacking: needed - input.readableCount)
            case .error(let error):
                logger.error("backend sent an unparsable reply", metadata: ["backend": "\(label)", "error": "\(error.message)"])
                health?.recordFailure("invalid reply: \(error.message)")
                fail("ERR drover: \(label) sent an invalid reply")
                return false
            }
        }
        input.consume(offset)
        return poller.options.readAgain(count: n, filled: filled, total: total, lacking: 0)
    }

    /// Hands `reply` to the oldest request's target.
    /// - Returns: the request's latency when a client's request was answered. The caller
    ///   records it once the entry is gone: an atomic store while the entry is alive makes
    ///   the compiler copy (retain) its target.
    private func deliver(_ reply: UnsafeRawBufferPointer) -> Int64? {
        guard !pending.isEmpty else {
            if let pushTarget {
                pushTarget.backendPushed(reply, from: self)
                return nil
            }
            logger.error("backend sent a reply nobody asked for", metadata: ["backend": "\(label)"])
            fail("ERR drover: \(label) sent an unexpected reply")
            return nil
        }
        let entry = pending.removeFirst()
        if expiredCount > 0 {
            expiredCount -= 1
            return nil
        }
        if let target = entry.target {
            target.backendReplied(token: entry.token, fragment: Int(entry.fragment), reply: reply)
            return poller.now &- entry.sentAt
        } else if ReplyReader.isError(reply) {
            let text = String(decoding: reply.prefix(max(reply.count - 2, 0)), as: UTF8.self)
            logger.error("backend rejected drover's connection setup", metadata: ["backend": "\(label)", "reply": "\(text)"])
        }
        return nil
    }

    /// Answers every request past its deadline with a timeout error.
    /// - Returns: the next deadline to wake up for, or `Int64.max`.
    public func expire(now: Int64) -> Int64 {
        if state == .connecting && now >= connectDeadline {
            broke("ERR drover: connecting to \(label) timed out")
            return .max
        }
        let expiredBefore = expiredCount
        while expiredCount < pending.count {
            let entry = pending[expiredCount]
            if entry.deadline > now { break }
            expiredCount += 1
            if entry.target != nil { counters.timeouts.increment() }
            entry.target?.backendFailed(token: entry.token, fragment: Int(entry.fragment),
                                        message: "ERR drover: \(label) timed out")
        }
        // Requests that time out together are one failure: a pipeline of 100 requests to a
        // hung node counts like one, not like server_failure_limit of them.
        if expiredCount > expiredBefore { health?.recordFailure("a request timed out") }
        var next = state == .connecting ? connectDeadline : .max
        if expiredCount < pending.count { next = min(next, pending[expiredCount].deadline) }
        if expiredCount > 0, let head = pending.first {
            // A backend that stays silent a whole grace period past its oldest expired
            // request is hung: drop the connection; the next request opens a new one.
            let hungAt = head.deadline &+ hungGraceNs
            if now >= hungAt {
                health?.recordFailure("no reply for a whole timeout past a timed-out request")
                fail("ERR drover: \(label) timed out")
                return .max
            }
            next = min(next, hungAt)
        }
        return next
    }

    /// Reports to `cell` from now on (a reload carried the connection into a pool whose
    /// snapshot has its own health).
    public func setHealth(_ cell: NodeHealthCell?) {
        health = cell
        healthWord = cell?.word
    }

    /// Most free space reserved ahead of a reply's bytes (16 MiB).
    static let maxReserveAhead = 16 << 20

    private var hungGraceNs: Int64 { timeoutNs == .max ? connectTimeoutNs : timeoutNs }

    /// The connection broke (reset, closed, refused): a failure of the node, and every
    /// request still waiting is told it was lost, oldest first.
    private func broke(_ message: String) {
        health?.recordFailure(message)
        fail(message, lost: true)
    }

    /// Closes the connection and answers every request still waiting with `message`,
    /// oldest first (through ``ReplyTarget/backendLost(token:fragment:message:)`` when
    /// `lost`: the connection broke, so another node may serve the request).
    /// - Parameter nodeFailed: false when drover closes a healthy connection itself (a
    ///   reload retiring it): the node is not marked down.
    public func fail(_ message: String, lost: Bool = false, nodeFailed: Bool = true) {
        if fd >= 0 {
            poller.deregister(self)
            Glibc.close(fd)
            fd = -1
        }
        if countedOpen {
            countedOpen = false
            counters.connections.increment(by: -1)
        }
        if nodeFailed && state != .closed { noteDown(message) }
        if state != .closed {
            logger.debug("backend connection closed", metadata: ["backend": "\(label)", "reason": "\(message)"])
        }
        state = .closed
        wantsWrite = false
        out.reset()
        input.reset()
        var waiting: [Entry] = []
        waiting.reserveCapacity(pending.count)
        while !pending.isEmpty { waiting.append(pending.removeFirst()) }
        let skip = expiredCount
        expiredCount = 0
        for entry in waiting.dropFirst(skip) {
            if entry.target != nil { counters.errors.increment() }
            if lost {
                entry.target?.backendLost(token: entry.token, fragment: Int(entry.fragment), message: message)
            } else {
                entry.target?.backendFailed(token: entry.token, fragment: Int(entry.fragment), message: message)
            }
        }
        if let pushTarget {
            self.pushTarget = nil
            pushTarget.pushConnectionLost(self, message: message)
        }
    }
}
