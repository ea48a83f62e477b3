import Backend
import Config
import Dispatch
import DroverCore
import Logging
import Stats

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
    let logger: Logger
    /// Hands a message to every worker.
    private let broadcast: @Sendable (Worker.Message) -> Void
    /// Confined to `queue`: the pools watched and the earliest timer set.
    private var pools: [PoolWatch] = []
    private var wakeAt: Int64 = .max

    init(logger: Logger, broadcast: @escaping @Sendable (Worker.Message) -> Void) {
        self.logger = logger
        self.broadcast = broadcast
        // libdispatch opens a timerfd the first time one of its timers is armed and keeps it
        // for the life of the process. Arming one now, rather than at the first outage's
        // probe, keeps drover's descriptor count flat across outages, so a leak shows as one.
        queue.asyncAfter(deadline: .now() + .milliseconds(1)) {}
    }

    /// Starts watching a pool's nodes (and checking its replicas).
    /// - Parameter ejections: per node, the counters whose `ejections` count its outages.
    func watch(_ snapshot: PoolSnapshot, ejections: [ServerCounters]) {
        let watch = PoolWatch(monitor: self, snapshot: snapshot, ejections: ejections)
        for cell in snapshot.health.cells { cell.observe(with: watch) }
        queue.async {
            self.pools.append(watch)
            self.checkReplicasPeriodically(watch)
        }
    }

    /// Stops watching a snapshot a reload replaced or removed: its probes and replica
    /// checks stop, and what its cells still report (connections draining) is ignored.
    func unwatch(_ snapshot: PoolSnapshot) {
        for cell in snapshot.health.cells { cell.stopObserving() }
        queue.async {
            for watch in self.pools where watch.snapshot === snapshot { watch.retired = true }
            self.pools.removeAll { $0.snapshot === snapshot }
        }
    }

    /// Monotonic nanoseconds, the clock of `DispatchTime` deadlines.
    static func now() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds) }

    // MARK: on the queue

    func enqueue(_ change: NodeChange, in watch: PoolWatch) {
        queue.async { self.apply(change, in: watch) }
    }

    /// Runs `body` on the monitor's queue after `delayNs`.
    func after(_ delayNs: Int64, _ body: @escaping @Sendable () -> Void) {
        queue.asyncAfter(deadline: .now() + .nanoseconds(Int(max(0, delayNs))), execute: body)
    }

    /// Runs `body` on the monitor's queue.
    func onQueue(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
    }

    private func apply(_ change: NodeChange, in watch: PoolWatch) {
        guard !watch.retired else { return }
        let cell = change.cell
        let config = watch.snapshot.config
        var metadata: Logger.Metadata = ["pool": "\(config.name)", "node": "\(cell.label)", "reason": "\(change.reason)"]
        switch (change.old, change.new) {
        case (_, .down):
            metadata["failures"] = "\(max(1, config.serverFailureLimit))"
            if cell.node < watch.ejections.count { watch.ejections[cell.node].ejections.wrappingAdd(1, ordering: .relaxed) }
            logger.warning("backend node down; probing it every server_retry_timeout", metadata: metadata)
            watch.schedule.nodeWentDown(cell.node, now: Self.now())
            setTimer()
            logReplicaSync(watch, watch.distrustReplicas(node: cell.node), inSync: false)
        case (.down, .up):
            logger.notice("backend node re-admitted after a successful probe", metadata: metadata)
            watch.schedule.forget(cell.node)
        case (_, .suspect(let failures)):
            metadata["failures"] = "\(failures)"
            logger.info("backend node suspect", metadata: metadata)
        case (_, .up):
            logger.info("backend node recovered", metadata: metadata)
        }
        if change.new != .up && !watch.primaryReplicas[cell.node].isEmpty {
            // The worker already stopped reads from them; make it stick and re-check them.
            for (shard, nodes) in watch.snapshot.health.topology.shards.enumerated() where nodes.primary == cell.node {
                logReplicaSync(watch, watch.distrustReplicas(shard: shard), inSync: false)
            }
            checkReplicas(watch)
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
        var recheck = false
        for (shard, service) in services.enumerated() where service != watch.services[shard] {
            if ReplicaSync.replicasNeedCheck(from: watch.services[shard], to: service) {
                logReplicaSync(watch, watch.distrustReplicas(shard: shard), inSync: false)
                recheck = true
            }
            var metadata: Logger.Metadata = ["pool": "\(config.name)", "shard": "\(health.shardNames[shard])"]
            switch service {
            case .primary:
                logger.notice("shard served by its primary again", metadata: metadata)
            case .failover(let node):
                watch.awayWrites[shard].failedOver = true
                metadata["node"] = "\(health.nodes[node])"
                logger.warning("shard failed over", metadata: metadata)
            case .ejected:
                watch.awayWrites[shard].ejected = true
                logger.warning("shard ejected from the ring; its keys map to the other shards", metadata: metadata)
            case .down:
                let reads = config.onBackendError == .miss ? "reads answer as misses" : "reads answer an error"
                logger.error("shard down: writes answer an error, \(reads)", metadata: metadata)
            }
        }
        watch.services = services
        if recheck { checkReplicas(watch) }
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
                let cleanups = watch.failbackCleanups(primary: node)
                DispatchQueue.global().async {
                    var problem = probe.ping()
                    var cleaned: [(shard: Int, keys: Int)] = []
                    for (shard, cleanup) in cleanups where problem == nil {
                        switch cleanup.run() {
                        case .success(let keys): cleaned.append((shard, keys))
                        case .failure(let error): problem = "clean-up before failback: \(error.text)"
                        }
                    }
                    let (outcome, done) = (problem, cleaned)
                    self.queue.async { self.probeFinished(watch, node: node, problem: outcome, cleaned: done) }
                }
            }
        }
    }

    private func probeFinished(_ watch: PoolWatch, node: Int, problem: String?, cleaned: [(shard: Int, keys: Int)]) {
        guard !watch.retired else { return }
        let cell = watch.snapshot.health.cells[node]
        if watch.schedule.probeFinished(node, succeeded: problem == nil, now: Self.now()) {
            for (shard, keys) in cleaned {
                watch.awayWrites[shard] = (false, false)
                logger.notice("removed the keys written elsewhere while the shard was away", metadata: [
                    "pool": "\(watch.snapshot.config.name)", "shard": "\(watch.snapshot.health.shardNames[shard])",
                    "keys": "\(keys)"])
            }
            // A primary that comes back may have restarted empty: its replicas must be seen
            // in sync with it before they serve reads again, and the workers must not see
            // the primary up before they see that.
            for (shard, nodes) in watch.snapshot.health.topology.shards.enumerated() where nodes.primary == node {
                logReplicaSync(watch, watch.distrustReplicas(shard: shard), inSync: false)
            }
            cell.recordProbe(succeeded: true, detail: "PING answered")
        } else if let problem {
            logger.debug("probe of a down node failed", metadata: [
                "pool": "\(watch.snapshot.config.name)", "node": "\(cell.label)", "error": "\(problem)"])
        }
        setTimer()
    }
}
