import DroverCore
import Synchronization

/// Hears about a node's status changes: the health monitor, which logs them, probes down
/// nodes and rebuilds rings.
public protocol NodeHealthObserver: AnyObject, Sendable {
    /// Called exactly once per change, on the thread that made it (a worker, or the
    /// monitor itself after a probe).
    func node(_ cell: NodeHealthCell, changedFrom old: NodeStatus, to new: NodeStatus, reason: String)
}

/// One backend node's health, shared by every worker's connections to that node.
///
/// Workers read it when choosing a node and update it on failures and replies with relaxed
/// atomics: no lock on the data path. The transitions are ``NodeHealth``'s pure functions;
/// whoever's compare-and-swap changes the status tells the observer, so every change is
/// reported once however many requests fail at the same moment.
public final class NodeHealthCell: @unchecked Sendable {
    /// The node's number in its pool (see `PoolTopology`).
    public let node: Int
    /// The node's address, for logs.
    public let label: String
    /// `server_failure_limit`.
    public let failureLimit: Int
    /// The packed state (see ``NodeHealth``), at an address that never moves, so workers
    /// can keep a plain pointer to it and read it with no reference counting per request.
    /// Only ever touched atomically: that is what makes the class Sendable.
    public let word: UnsafeMutablePointer<Atomic<Int>>
    /// For a replica: whether it was last seen in sync with its primary (see `ReplicaSync`).
    @usableFromInline let inSync = Atomic<Bool>(true)
    private let observer = Mutex<(any NodeHealthObserver)?>(nil)

    public init(node: Int, label: String, failureLimit: Int) {
        self.node = node
        self.label = label
        self.failureLimit = failureLimit
        word = .allocate(capacity: 1)
        word.initialize(to: Atomic(NodeHealth.upWord))
    }

    deinit {
        word.deinitialize(count: 1)
        word.deallocate()
    }

    /// Whether the node whose state is at `word` takes requests: for the data path, which
    /// keeps the pointer.
    @inlinable public static func isUsable(_ word: UnsafeMutablePointer<Atomic<Int>>) -> Bool {
        NodeHealth.isUsable(word.pointee.load(ordering: .relaxed))
    }

    /// Sets who hears about changes (once the monitor exists).
    public func observe(with observer: any NodeHealthObserver) {
        self.observer.withLock { $0 = observer }
    }

    /// Stops telling the observer: it holds the snapshot that holds this cell, so this
    /// breaks the cycle once a reload has replaced the snapshot.
    public func stopObserving() {
        observer.withLock { $0 = nil }
    }

    /// Whether the node takes requests (up or suspect).
    @inlinable public var isUsable: Bool { NodeHealth.isUsable(rawWord) }

    /// The packed state (see ``NodeHealth``).
    @inlinable var rawWord: Int { word.pointee.load(ordering: .relaxed) }

    /// The current status.
    public var status: NodeStatus { NodeHealth.status(of: rawWord) }

    /// For a replica: whether it may serve reads (the monitor keeps this up to date).
    @inlinable public var isInSync: Bool { inSync.load(ordering: .relaxed) }

    /// Records whether a replica is in sync.
    /// - Returns: whether that changed.
    @discardableResult
    public func setInSync(_ value: Bool) -> Bool {
        inSync.exchange(value, ordering: .relaxed) != value
    }

    /// Counts a failure: a connect error, a reset, a closed connection, timeouts.
    public func recordFailure(_ reason: String) {
        update(reason: reason) { NodeHealth.afterFailure($0, limit: failureLimit) }
    }

    /// Notes a reply. Costs one relaxed load unless the node was suspect.
    @inline(__always) public func recordReply() {
        if rawWord > 0 { update(reason: "a reply arrived") { NodeHealth.afterReply($0) } }
    }

    /// Applies a probe's outcome to a down node.
    public func recordProbe(succeeded: Bool, detail: String) {
        update(reason: detail) { NodeHealth.afterProbe($0, succeeded: succeeded) }
    }

    private func update(reason: String, _ transition: (Int) -> Int) {
        var old = word.pointee.load(ordering: .relaxed)
        while true {
            let new = transition(old)
            if new == old { return }
            let (exchanged, current) = word.pointee.compareExchange(expected: old, desired: new, ordering: .relaxed)
            if exchanged {
                let from = NodeHealth.status(of: old), to = NodeHealth.status(of: new)
                if from != to, let observer = observer.withLock({ $0 }) {
                    observer.node(self, changedFrom: from, to: to, reason: reason)
                }
                return
            }
            old = current
        }
    }
}
