import Dispatch
import DroverCore
import Logging

/// Replica checks: a replica serves reads only while `INFO replication` shows it attached
/// to its primary's current history and done syncing (see ``ReplicaSync``), checked every
/// second (or every
/// `server_retry_timeout` if that is shorter), on the monitor's queue, probes off it.
extension HealthMonitor {
    /// How often each replica is checked.
    static func replicaCheckIntervalNs(_ watch: PoolWatch) -> Int64 {
        Int64(max(10, min(1000, watch.snapshot.config.serverRetryTimeoutMs))) * 1_000_000
    }

    /// Checks the pool's replicas now and then every interval, for as long as drover runs.
    func checkReplicasPeriodically(_ watch: PoolWatch) {
        guard !watch.replicas.isEmpty, !watch.retired else { return }
        checkReplicas(watch)
        after(Self.replicaCheckIntervalNs(watch)) { self.checkReplicasPeriodically(watch) }
    }

    /// Starts a check of every replica whose primary serves its shard and that is up and
    /// not being checked already.
    func checkReplicas(_ watch: PoolWatch) {
        let health = watch.snapshot.health
        for (node, shard) in watch.replicas
        where ReplicaSync.isCheckable(watch.services[shard]) && health.isUsable(node) && !watch.checking.contains(node) {
            watch.checking.insert(node)
            let generation = watch.replicaGeneration[node]
            let probe = watch.probe(node: node)
            let primary = watch.probe(node: health.topology.shards[shard].primary)
            DispatchQueue.global().async {
                // The primary first: a replica that reports the primary's current history
                // after that cannot be behind a restart that happened before.
                let inSync: Bool
                switch (primary.replicationInfo(), probe.replicationInfo()) {
                case (.success(let source), .success(let copy)): inSync = ReplicaSync.isInSync(replica: copy, primary: source)
                default: inSync = false
                }
                self.onQueue { self.replicaChecked(watch, node: node, generation: generation, inSync: inSync) }
            }
        }
    }

    private func replicaChecked(_ watch: PoolWatch, node: Int, generation: Int, inSync: Bool) {
        watch.checking.remove(node)
        guard !watch.retired else { return }
        // Distrusted since the check started (its primary came back, a failover began): the
        // answer may predate that.
        guard generation == watch.replicaGeneration[node] else { return }
        watch.snapshot.health.cells[node].setInSync(inSync)
        logReplicaSync(watch, [node], inSync: inSync)
    }

    /// Logs each replica whose sync state changed since it was last logged, once.
    func logReplicaSync(_ watch: PoolWatch, _ nodes: [Int], inSync: Bool) {
        for node in nodes where watch.loggedInSync[node] != inSync {
            watch.loggedInSync[node] = inSync
            let metadata: Logger.Metadata = ["pool": "\(watch.snapshot.config.name)",
                                             "node": "\(watch.snapshot.health.cells[node].label)"]
            if inSync {
                logger.info("replica in sync with its primary: serving reads", metadata: metadata)
            } else {
                logger.info("replica not known to be in sync: no reads until a check finds it in sync", metadata: metadata)
            }
        }
    }
}
