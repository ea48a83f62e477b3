import Backend
import DroverCore
import CSystem
import Dispatch
import Glibc
import Logging
import Synchronization

/// One event loop: a serial DispatchQueue running a single never-returning block that
/// owns one epoll set with its clients, its own connections to every backend node, and
/// an eventfd through which the rest of the process hands it work.
///
/// Nothing here is shared with other workers, so the data path takes no lock; only the
/// inbox (new clients, stop requests) is locked, and only touched on wake-ups.
final class Worker: @unchecked Sendable {
    let id: Int
    let poller: Poller
    /// When the backends' timers next need looking at.
    let deadline = Deadline()
    let logger: Logger
    /// One log line per second at most for refused passwords.
    var authFailureLog = LogThrottle(interval: 1_000_000_000)
    /// When clients are next checked against `client_timeout` (Worker+IdleClients.swift).
    var idleSweepAt: Int64 = .max
    private let queue: DispatchQueue
    private let inbox = Mutex<[Message]>([])
    private let wakeFD: Int32
    private var wakeHandler: WakeHandler!

    /// Per pool (same order as the runtime's pools): routing and this worker's backends.
    /// Replaced as a whole by a reload (``apply(_:)``).
    var pools: [WorkerPool] = []
    /// Backend connections a reload left behind, closed once their replies are in.
    var retiring: [RetiringBackend] = []
    /// INFO and DROVER commands ask the daemon through this; set before the loop starts.
    weak var admin: (any AdminService)?
    private var clientCount = 0
    private var stopping = false
    private var stopped: DispatchSemaphore?
    private var drainDeadline: Int64 = .max
    private(set) var clients: [ObjectIdentifier: ClientConnection] = [:]

    /// Monotonic time of the current loop turn (when its epoll_wait returned), in nanoseconds.
    var now: Int64 { poller.now }

    enum Message {
        /// `pool` indexes the pools as of the message's place in the inbox: the accept queue
        /// posts clients and reloads in one order, and the inbox keeps it.
        case client(fd: Int32, pool: Int, id: Int)
        case stop(DispatchSemaphore, drainMs: Int)
        /// The pool's ring changed: shards were ejected or came back.
        case health(PoolHealth)
        /// Runs on the worker's thread between events (reloads, and anything else that must
        /// touch the worker's own objects).
        case perform(@Sendable (Worker) -> Void)
    }

    init(id: Int, pools: [PoolAssignment], logger: Logger, loop: LoopOptions = LoopOptions()) {
        self.id = id
        self.logger = logger
        poller = Poller(options: loop)
        self.queue = DispatchQueue(label: "drover.worker.\(id)", qos: loop.qos.dispatchQoS)
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        precondition(wakeFD >= 0, "eventfd failed")
        self.pools = pools.map {
            WorkerPool(snapshot: $0.snapshot, stats: $0.stats, poller: poller, deadline: deadline, logger: logger, now: now)
        }
        wakeHandler = WakeHandler(fd: wakeFD, worker: self)
        poller.register(wakeHandler)
    }

    /// Starts the loop on the worker's queue.
    func start() {
        queue.async { self.run() }
    }

    /// Hands a freshly accepted client to this worker (any thread).
    func post(_ message: Message) {
        inbox.withLock { $0.append(message) }
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    private func run() {
        while true {
            if now >= deadline.earliest {
                deadline.earliest = .max
                deadline.note(expireBackends())
                // Timeouts answer clients: write those replies now, not after the next
                // event, which may never come.
                poller.flushQueued()
            }
            if now >= idleSweepAt { idleSweepAt = closeIdleClients() }
            let wake = min(deadline.earliest, drainDeadline, idleSweepAt)
            let timeout = poller.options.blockInEpoll ? Clock.timeoutMs(until: wake, now: now) : 0
            poller.turn(timeoutMs: timeout)
            if stopping && drained() { break }
        }
        stopped?.signal()
    }

    private func expireBackends() -> Int64 {
        var next = Int64.max
        for pool in pools { next = min(next, pool.expire(now: now)) }
        if !retiring.isEmpty { next = min(next, closeDrainedBackends()) }
        return next
    }

    private func drained() -> Bool {
        if now >= drainDeadline { return true }
        return clients.values.allSatisfy { $0.isIdle }
    }

    /// Drains the inbox; called when the eventfd fires.
    fileprivate func takeMessages() {
        var counter: UInt64 = 0
        _ = Glibc.read(wakeFD, &counter, 8)
        let messages = inbox.withLock { box -> [Message] in
            let taken = box
            box.removeAll()
            return taken
        }
        for message in messages {
            switch message {
            case .client(let fd, let pool, let id):
                let client = ClientConnection(fd: fd, id: id, worker: self, pool: pools[pool])
                clients[ObjectIdentifier(client)] = client
                poller.register(client)
                client.greet()
                watchIdle(client)
            case .stop(let semaphore, let drainMs):
                stopping = true
                stopped = semaphore
                drainDeadline = now &+ Int64(drainMs) * 1_000_000
                // Read no more requests; answer what was read, then close.
                for client in Array(clients.values) { client.retire() }
            case .health(let health):
                healthChanged(health)
            case .perform(let work):
                work(self)
            }
        }
    }

    /// Called by a client connection when it has closed.
    func clientClosed(_ client: ClientConnection) {
        clients[ObjectIdentifier(client)] = nil
        client.pool.stats.clients.connected.subtract(1, ordering: .relaxed)
    }
}

/// The worker's eventfd in its own epoll set.
private final class WakeHandler: Pollable {
    unowned let worker: Worker
    init(fd: Int32, worker: Worker) {
        self.worker = worker
        super.init(fd: fd)
    }
    override func handle(events: UInt32) { worker.takeMessages() }
}

/// Monotonic time. clock_gettime(CLOCK_MONOTONIC) goes through the vDSO: no syscall.
enum Clock {
    static func nowNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// epoll_wait's timeout for a deadline: -1 for none, rounded up to whole ms.
    static func timeoutMs(until deadline: Int64, now: Int64) -> Int32 {
        if deadline == .max { return -1 }
        if deadline <= now { return 0 }
        let ms = (deadline - now + 999_999) / 1_000_000
        return Int32(min(ms, Int64(Int32.max)))
    }
}
