import Backend
import Config
import Dispatch
import DroverCore
import Logging

/// Watches every pool's nodes, off the workers: logs each status change once, probes down
/// nodes with PING every `server_retry_timeout` and re-admits them when a probe succeeds,
/// follows which node serves each shard, and rebuilds a pool's ring when
/// `auto_eject_hosts` ejects a shard or takes it back.
///
/// ```
///   worker: failure ─CAS─► cell down ─► node(_:changedFrom:to:) ─async─► monitor queue
///   monitor: log once ─► ProbeSchedule ─timer─► HealthProbe (global queue, hiredis PING)
///            probe ok ─► cell up ─► log once ─► shard services ─► ring ─► workers' inboxes
/// ```
/// Everything it decides comes from pure code (``ProbeSchedule``, ``ShardService``); this
/// class only moves events between queues, runs probes and logs.
final class HealthMonitor: @unchecked Sendable {
    private let queue = DispatchQueue(label: "drover.health")
    private let logger: Logger
    /// Hands a message to every worker.
    private let broadcast: @Sendable (Worker.Message) -> Void
    /// Confined to `queue`: the pools watched and the earliest timer set.
    private var pools: [PoolWatch] = []
    private var wakeAt: Int64 = .max

    init(logger: Logger, broadcast: @escaping @Sendable (Worker.Message) -> Void) {
        self.logger = logger
        self.broadcast = broadcast
    }

    /// Starts watching a pool's nodes.
    func watch(_ snapshot: PoolSnapshot) {
        let watch = PoolWatch(monitor: self, snapshot: snapshot)
        queue.sync { pools.append(watch) }
        for cell in snapshot.health.cells { cell.observe(with: watch) }
    }

    /// Monotonic nanoseconds, the clock of `DispatchTime` deadlines.
    private static func now() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds) }

    // MARK: on the queue

    fileprivate func enqueue(_ change: NodeChange, in watch: PoolWatch) {
        queue.async { self.apply(change, in: watch) }
    }

    private func apply(_ change: NodeChange, in watch: PoolWatch) {
        let cell = change.cell
        let config = watch.snapshot.config
        var metadata: Logger.Metadata = ["pool": "\(config.name)", "node": "\(cell.label)", "reason": "\(change.reason)"]
        switch (change.old, change.new) {
        case (_, .down):
            metadata["failures"] = "\(max(1, config.serverFailureLimit))"
            logger.warning("backend node down; probing it every server_retry_timeout", metadata: metadata)
            watch.schedule.nodeWentDown(cell.node, now: Self.now())
            setTimer()
        case (.down, .up):
            logger.notice("backend node re-admitted after a successful probe", metadata: metadata)
            watch.schedule.forget(cell.node)
        case (_, .suspect(let failures)):
            metadata["failures"] = "\(failures)"
            logger.info("backend node suspect", metadata: metadata)
        case (_, .up):
            logger.info("backend node recovered", metadata: metadata)
        }
        followShards(watch)
    }

    /// Logs each shard whose serving node changed, and rebuilds the ring if the set of
    /// ejected shards changed.
    private func followShards(_ watch: PoolWatch) {
        let health = watch.snapshot.health
        let config = watch.snapshot.config
        let services = health.topology.shards.map {
            ShardService.of($0, autoEject: config.autoEjectHosts, isUsable: health.isUsable)
        }
        for (shard, service) in services.enumerated() where service != watch.services[shard] {
            var metadata: Logger.Metadata = ["pool": "\(config.name)", "shard": "\(health.shardNames[shard])"]
            switch service {
            case .primary:
                logger.notice("shard served by its primary again", metadata: metadata)
            case .failover(let node):
                metadata["node"] = "\(health.nodes[node])"
                logger.warning("shard failed over", metadata: metadata)
            case .ejected:
                logger.warning("shard ejected from the ring; its keys map to the other shards", metadata: metadata)
            case .down:
                let reads = config.onBackendError == .miss ? "reads answer as misses" : "reads answer an error"
                logger.error("shard down: writes answer an error, \(reads)", metadata: metadata)
            }
        }
        watch.services = services
        let ejected = Set(services.indices.filter { services[$0] == .ejected })
        guard ejected != watch.ejected else { return }
        watch.ejected = ejected
        health.setEjectedRouter(ejected.isEmpty ? nil : PoolSnapshot.router(config: config, ejected: ejected))
        broadcast(.health(health))
    }

    /// Makes sure `runDueProbes` runs when the next probe is due.
    private func setTimer() {
        guard let next = pools.compactMap({ $0.schedule.nextDue }).min(), next < wakeAt else { return }
        wakeAt = next
        queue.asyncAfter(deadline: DispatchTime(uptimeNanoseconds: UInt64(max(0, next)))) {
            self.wakeAt = .max
            self.runDueProbes()
            self.setTimer()
        }
    }

    private func runDueProbes() {
        let now = Self.now()
        for watch in pools {
            for node in watch.schedule.takeDue(now: now) {
                let probe = watch.probe(node: node)
                DispatchQueue.global().async {
                    let problem = probe.run()
                    self.queue.async { self.probeFinished(watch, node: node, problem: problem) }
                }
            }
        }
    }

    private func probeFinished(_ watch: PoolWatch, node: Int, problem: String?) {
        let cell = watch.snapshot.health.cells[node]
        if watch.schedule.probeFinished(node, succeeded: problem == nil, now: Self.now()) {
            cell.recordProbe(succeeded: true, detail: "PING answered")
        } else if let problem {
            logger.debug("probe of a down node failed", metadata: [
                "pool": "\(watch.snapshot.config.name)", "node": "\(cell.label)", "error": "\(problem)"])
        }
        setTimer()
    }
}

/// A status change reported by a node's cell.
private struct NodeChange: Sendable {
    let cell: NodeHealthCell
    let old: NodeStatus
    let new: NodeStatus
    let reason: String
}

/// One watched pool: its cells' observer, and the monitor's state for it (touched only on
/// the monitor's queue).
private final class PoolWatch: NodeHealthObserver, @unchecked Sendable {
    let monitor: HealthMonitor
    let snapshot: PoolSnapshot
    var schedule: ProbeSchedule
    var services: [ShardService]
    var ejected: Set<Int> = []

    init(monitor: HealthMonitor, snapshot: PoolSnapshot) {
        self.monitor = monitor
        self.snapshot = snapshot
        schedule = ProbeSchedule(intervalNs: Int64(snapshot.config.serverRetryTimeoutMs) * 1_000_000)
        services = snapshot.health.topology.shards.map { _ in .primary }
    }

    func node(_ cell: NodeHealthCell, changedFrom old: NodeStatus, to new: NodeStatus, reason: String) {
        monitor.enqueue(NodeChange(cell: cell, old: old, new: new, reason: reason), in: self)
    }

    func probe(node: Int) -> HealthProbe {
        let config = snapshot.config
        return HealthProbe(address: snapshot.health.nodes[node], username: config.backendUsername,
                           password: config.backendPassword, connectTimeoutMs: config.connectTimeoutMs,
                           replyTimeoutMs: config.timeoutMs ?? config.connectTimeoutMs)
    }
}
