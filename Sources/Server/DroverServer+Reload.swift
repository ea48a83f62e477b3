import Config
import Dispatch
import Logging

extension DroverServer {
    /// Rereads the configuration file and applies it (SIGHUP). Blocks until the workers
    /// have switched; clients stay connected throughout.
    ///
    /// A file that cannot be read, parsed or applied changes nothing: the error is logged
    /// with its line number and the running configuration keeps serving.
    /// - Parameter trigger: what asked for it, for the log line (`SIGHUP`).
    @discardableResult
    public func reload(trigger: String) -> ReloadOutcome {
        acceptQueue.sync { performReload(trigger: trigger) }
    }

    /// The whole reload, on the accept queue, bracketed by systemd's RELOADING=1 / READY=1,
    /// logged as one line.
    func performReload(trigger: String) -> ReloadOutcome {
        notifier?.reloading()
        let outcome = reloadSteps()
        switch outcome {
        case .applied(let generation, let summary):
            logger.info("configuration reloaded", metadata: ["generation": "\(generation)", "changes": "\(summary)",
                                                             "trigger": "\(trigger)"])
        case .failed(let error, let generation):
            logger.error("configuration reload failed; the running configuration keeps serving",
                         metadata: ["error": "\(error)", "generation": "\(generation)", "trigger": "\(trigger)"])
        }
        notifier?.ready(status: readyStatus())
        return outcome
    }

    private func reloadSteps() -> ReloadOutcome {
        let loaded: DroverConfig
        do {
            loaded = try options.load()
        } catch {
            return refuse("\(error)")
        }
        let diff = ConfigDiff(from: config, to: loaded)
        for setting in diff.needsRestart {
            logger.warning("a changed setting needs a restart; keeping the running value",
                           metadata: ["setting": "\(setting)"])
        }
        let effective = config.reloaded(with: loaded)
        if let conflict = effective.listenerConflict() { return refuse(conflict) }
        let plan: ReloadPlan
        do {
            plan = try prepare(effective)
        } catch {
            return refuse("\(error)")
        }
        var summary = ConfigDiff(from: config, to: effective).summary
        if !diff.needsRestart.isEmpty {
            summary += "; kept until a restart: " + diff.needsRestart.map(\.description).joined(separator: ", ")
        }
        commit(plan, effective)
        let generation = published.withLock { state -> Int in
            state.generation += 1
            state.reloadsSucceeded += 1
            state.lastReloadError = nil
            state.sources.pools = pools.map(\.statsSource)
            state.configSummary = effective.summary()
            return state.generation
        }
        if let control = options.logLevel, let level = Logger.Level(rawValue: effective.logLevel) {
            control.level = level
        }
        return .applied(generation: generation, summary: summary)
    }

    /// The pools of a configuration about to be applied: snapshots built and listeners
    /// bound, nothing running changed yet.
    struct ReloadPlan {
        var pools: [(runtime: PoolRuntime, snapshot: PoolSnapshot)] = []
        var added: Set<ObjectIdentifier> = []
        /// Listeners of removed pools taken over by added pools at the same address.
        var transfers: [(from: PoolRuntime, to: PoolRuntime)] = []
        var removed: [PoolRuntime] = []
    }

    /// Builds everything `effective` needs that can fail; on failure, undoes what it bound.
    private func prepare(_ effective: DroverConfig) throws -> ReloadPlan {
        var plan = ReloadPlan()
        let running = Dictionary(pools.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = Set(effective.pools.map(\.name))
        plan.removed = pools.filter { !names.contains($0.name) }
        var freed = Dictionary(plan.removed.map { ($0.snapshot.config.listen.bindKey, $0) }, uniquingKeysWith: { a, _ in a })
        do {
            for (index, poolConfig) in effective.pools.enumerated() {
                if let runtime = running[poolConfig.name] {
                    let old = runtime.snapshot
                    // The script store carries over: scripts loaded before the reload can still
                    // be loaded onto shards it adds.
                    let snapshot = old.config == poolConfig && old.index == index
                        ? old : try PoolSnapshot(index: index, config: poolConfig, scripts: old.scripts)
                    plan.pools.append((runtime, snapshot))
                    continue
                }
                let runtime = try PoolRuntime(index: index, config: poolConfig, workers: workers.count)
                if let previous = freed.removeValue(forKey: poolConfig.listen.bindKey) {
                    plan.transfers.append((previous, runtime))
                } else {
                    runtime.listener = try Listener(address: poolConfig.listen, backlog: poolConfig.backlog)
                }
                plan.pools.append((runtime, runtime.snapshot))
                plan.added.insert(ObjectIdentifier(runtime))
            }
        } catch {
            for (runtime, _) in plan.pools where plan.added.contains(ObjectIdentifier(runtime)) { runtime.listener?.stop() }
            throw error
        }
        return plan
    }

    /// Applies a prepared plan; nothing here can fail.
    private func commit(_ plan: ReloadPlan, _ effective: DroverConfig) {
        for (index, entry) in plan.pools.enumerated() {
            entry.runtime.index = index
            if entry.snapshot !== entry.runtime.snapshot { entry.runtime.install(entry.snapshot) }
        }
        for (from, to) in plan.transfers {
            to.listener = from.listener
            to.acceptTarget = from.acceptTarget
            to.acceptTarget?.runtime = to
            from.listener = nil
        }
        pools = plan.pools.map(\.runtime)
        let switched = DispatchGroup()
        for worker in workers {
            let assignments = pools.map { $0.assignment(worker: worker.id) }
            switched.enter()
            worker.post(.perform { worker in
                worker.apply(assignments)
                switched.leave()
            })
        }
        let transferred = Set(plan.transfers.map { ObjectIdentifier($0.to) })
        for runtime in pools where plan.added.contains(ObjectIdentifier(runtime)) {
            if !transferred.contains(ObjectIdentifier(runtime)) { startAccepting(runtime) }
            logger.info("listening", metadata: ["pool": "\(runtime.name)", "address": "\(runtime.snapshot.config.listen)",
                                                "shards": "\(runtime.snapshot.config.shards.count)"])
        }
        for runtime in plan.removed {
            runtime.listener?.stop()
            runtime.listener = nil
            logger.info("pool removed: its clients finish what they sent, then are disconnected",
                        metadata: ["pool": "\(runtime.name)"])
        }
        if switched.wait(timeout: .now() + .seconds(10)) == .timedOut {
            logger.warning("a worker took over 10 s to switch to the reloaded configuration")
        }
        config = effective
    }

    /// Records a refused reload.
    private func refuse(_ error: String) -> ReloadOutcome {
        let generation = published.withLock { state -> Int in
            state.reloadsFailed += 1
            state.lastReloadError = error
            return state.generation
        }
        return .failed(error: error, generation: generation)
    }
}

extension DroverServer: AdminService {
    func infoText(sections: [String]) -> String {
        statsSnapshot().infoText(sections: sections)
    }

    func configText() -> String {
        let state = published.withLock { $0 }
        return "# generation \(state.generation), from \(options.configFile)\n" + state.configSummary
    }

    var generation: Int {
        published.withLock { $0.generation }
    }

    func reload(then report: @escaping @Sendable (ReloadOutcome) -> Void) {
        acceptQueue.async { report(self.performReload(trigger: "DROVER RELOAD")) }
    }
}
