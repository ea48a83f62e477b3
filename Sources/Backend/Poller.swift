import CSystem
import Glibc

/// Something registered in a ``Poller``: a client, a backend connection, or the
/// worker's wake-up eventfd.
///
/// A class rather than a protocol so the loop dispatches events through a vtable
/// call on an unretained pointer, with no existential boxing per event.
open class Pollable {
    /// The socket or eventfd; -1 once closed.
    public var fd: Int32
    /// Whether this object sits on its poller's flush list for the current turn.
    public var queuedForFlush = false
    /// Whether EPOLLOUT is currently in the interest set.
    public var wantsWrite = false

    public init(fd: Int32) { self.fd = fd }

    /// Called with the ready events (`EPOLLIN`, `EPOLLOUT`, `EPOLLHUP`, ...).
    open func handle(events: UInt32) {}

    /// Called once at the end of a loop turn if ``Poller/queueFlush(_:)`` was called:
    /// writes everything produced during the turn with one syscall.
    open func flush() {}
}

/// One worker's epoll set (level-triggered) and its end-of-turn flush list.
///
/// All methods must be called from the owning worker's thread.
public final class Poller {
    public let epfd: Int32
    private var events: UnsafeMutablePointer<epoll_event>
    private let maxEvents: Int32
    /// Keeps every registered object alive while the kernel holds a raw pointer to it.
    private var registered: [ObjectIdentifier: Pollable] = [:]
    /// Unretained: every object on it is registered (or retired) and so kept alive.
    private var flushList: [Unmanaged<Pollable>] = []
    private var flushing: [Unmanaged<Pollable>] = []
    /// Objects deregistered during a turn stay alive until its end: later events of the
    /// same batch may still point at them.
    private var retired: [Pollable] = []
    /// How this loop reads and writes (``LoopOptions``).
    public let options: LoopOptions

    /// Monotonic nanoseconds at which the current turn's `epoll_wait` returned: the time
    /// every handler of the turn works with (deadlines, idle times). Taken after the wait,
    /// not before it: a worker idle for seconds must not date new requests seconds back.
    public private(set) var now: Int64 = Poller.monotonicNow()

    /// CLOCK_MONOTONIC in nanoseconds (through the vDSO: no syscall).
    @inline(__always) public static func monotonicNow() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Events as epoll reports them, as plain integers.
    public static let readable = UInt32(EPOLLIN.rawValue)
    public static let writable = UInt32(EPOLLOUT.rawValue)
    public static let hangup = UInt32(EPOLLHUP.rawValue) | UInt32(EPOLLERR.rawValue)

    public init(options: LoopOptions = LoopOptions()) {
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        precondition(epfd >= 0, "epoll_create1 failed: errno \(errno)")
        self.options = options
        maxEvents = options.batch
        events = .allocate(capacity: Int(maxEvents))
        flushList.reserveCapacity(64)
        flushing.reserveCapacity(64)
    }

    deinit {
        events.deallocate()
        close(epfd)
    }

    /// Adds `object` (with its fd) to the set, interested in reads only.
    public func register(_ object: Pollable) {
        registered[ObjectIdentifier(object)] = object
        var ev = epoll_event()
        ev.events = Poller.readable
        ev.data.ptr = Unmanaged.passUnretained(object).toOpaque()
        _ = epoll_ctl(epfd, EPOLL_CTL_ADD, object.fd, &ev)
    }

    /// Sets the interest set of `object` to reads, plus writes if `write`, minus reads if
    /// not `read` (a client whose input side is closed).
    public func setInterest(_ object: Pollable, read: Bool = true, write: Bool) {
        object.wantsWrite = write
        var ev = epoll_event()
        ev.events = (read ? Poller.readable : 0) | (write ? Poller.writable : 0)
        ev.data.ptr = Unmanaged.passUnretained(object).toOpaque()
        _ = epoll_ctl(epfd, EPOLL_CTL_MOD, object.fd, &ev)
    }

    /// Removes `object` from the set; the caller closes its fd afterwards.
    public func deregister(_ object: Pollable) {
        if object.fd >= 0 { _ = epoll_ctl(epfd, EPOLL_CTL_DEL, object.fd, nil) }
        if let kept = registered.removeValue(forKey: ObjectIdentifier(object)) { retired.append(kept) }
    }

    /// Asks for `object.flush()` at the end of this turn (once, however often asked).
    @inlinable public func queueFlush(_ object: Pollable) {
        if !object.queuedForFlush {
            object.queuedForFlush = true
            appendToFlushList(object)
        }
    }

    @usableFromInline func appendToFlushList(_ object: Pollable) { flushList.append(Unmanaged.passUnretained(object)) }

    /// Waits up to `timeoutMs` (-1 = forever, 0 = just drain) and handles every ready
    /// object, then flushes what the turn produced. Returns the number of events.
    @discardableResult
    public func turn(timeoutMs: Int32) -> Int {
        let n = epoll_wait(epfd, events, maxEvents, timeoutMs)
        now = Poller.monotonicNow()
        if n > 0 {
            handleEvents(Int(n))
            if options.gatherBeforeWrites {
                let more = epoll_wait(epfd, events, maxEvents, 0)
                if more > 0 { handleEvents(Int(more)) }
            }
        }
        flushQueued()
        if !retired.isEmpty { retired.removeAll(keepingCapacity: true) }
        return Int(max(n, 0))
    }

    private func handleEvents(_ n: Int) {
        for i in 0..<n {
            let ev = events[i]
            guard let raw = ev.data.ptr else { continue }
            // The object is registered (or retired this turn), so alive: no retain needed.
            Unmanaged<Pollable>.fromOpaque(raw)._withUnsafeGuaranteedRef { object in
                if object.fd >= 0 { object.handle(events: ev.events) }  // skip if closed this turn
            }
        }
    }

    /// Runs the flushes queued so far; flushes may queue more (a backend reply makes a
    /// client dirty), which run in the same call.
    public func flushQueued() {
        while !flushList.isEmpty {
            swap(&flushList, &flushing)
            for entry in flushing {
                entry._withUnsafeGuaranteedRef { object in
                    object.queuedForFlush = false
                    if object.fd >= 0 { object.flush() }
                }
            }
            flushing.removeAll(keepingCapacity: true)
        }
    }
}
