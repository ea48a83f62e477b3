import Backend
import Config
import CSystem
import Dispatch
import DroverCore
import Glibc
import Logging
import Stats
import Synchronization

/// The running daemon: listeners, workers and the stats port, wired from a config.
///
/// Accepting clients, reloading and stopping all run on `acceptQueue`, which owns the
/// running configuration and the pools' listeners; a reload therefore sits between two
/// accepts, and each worker's inbox sees clients and reloads in the order they happened.
public final class DroverServer: @unchecked Sendable {
    /// The configuration being served (confined to `acceptQueue` once started).
    var config: DroverConfig
    let logger: Logger
    let options: ServerOptions
    /// The pools of `config`, in its order (confined to `acceptQueue` once started).
    var pools: [PoolRuntime]
    let workers: [Worker]
    /// Watches the nodes of every pool's current snapshot (a reload moves it to the new ones).
    let monitor: HealthMonitor
    var statsListener: Listener?
    let acceptQueue = DispatchQueue(label: "drover.accept")
    private let nextClientID = Atomic<Int>(1)
    private let nextWorker = Atomic<Int>(0)
    /// What INFO and the stats endpoint read, from any thread.
    let published: Mutex<PublishedState>
    let notifier = SystemdNotifier()
    private let startedAt = Clock.nowNs()

    /// Builds the routing snapshots and workers; nothing is bound yet.
    public init(config: DroverConfig, logger: Logger, options: ServerOptions) throws {
        self.config = config
        self.logger = logger
        self.options = options
        let count = max(1, config.workers ?? WorkerCount.automatic(usableCPUs: ProcessInfoLite.usableProcessorCount))
        let runtimes = try config.pools.enumerated().map {
            try PoolRuntime(index: $0.offset, config: $0.element, workers: count)
        }
        pools = runtimes
        let workers = (0..<count).map { id in
            Worker(id: id, pools: runtimes.map { $0.assignment(worker: id) }, logger: logger, loop: options.loop)
        }
        self.workers = workers
        monitor = HealthMonitor(logger: logger) { message in
            for worker in workers { worker.post(message) }
        }
        for runtime in runtimes { monitor.watch(runtime.snapshot, ejections: runtime.ejectionCounters) }
        published = Mutex(PublishedState(sources: StatsSources(pools: runtimes.map(\.statsSource)),
                                          configSummary: config.summary()))
        for worker in workers { worker.admin = self }
    }

    /// Binds every listener, starts the workers and begins accepting; tells systemd it is ready.
    public func start() throws {
        try acceptQueue.sync {
            for runtime in pools {
                runtime.listener = try Listener(address: runtime.snapshot.config.listen, backlog: runtime.snapshot.config.backlog)
                runtime.listener?.logger = logger
            }
            statsListener = try Listener(address: config.statsListen, backlog: 16)
        }
        for worker in workers { worker.start() }
        acceptQueue.sync {
            for runtime in pools {
                startAccepting(runtime)
                logger.info("listening", metadata: ["pool": "\(runtime.name)", "address": "\(runtime.snapshot.config.listen)",
                                                    "shards": "\(runtime.snapshot.config.shards.count)"])
            }
            statsListener?.start(queue: acceptQueue) { [self] fd in
                StatsEndpoint.serve(fd) { self.statsSnapshot() }
            }
        }
        logger.info("drover started", metadata: ["workers": "\(workers.count)", "pools": "\(pools.count)",
                                                 "stats": "\(config.statsListen)"])
        notifier?.ready(status: readyStatus())
    }

    /// Hands `runtime`'s new clients to the workers in turn (on the accept queue).
    func startAccepting(_ runtime: PoolRuntime) {
        let target = AcceptTarget(runtime)
        runtime.acceptTarget = target
        runtime.listener?.start(queue: acceptQueue) { [self] fd in
            let pool = target.runtime
            pool.clients.connected.add(1, ordering: .relaxed)
            pool.clients.accepted.add(1, ordering: .relaxed)
            let id = nextClientID.add(1, ordering: .relaxed).oldValue
            let worker = workers[nextWorker.add(1, ordering: .relaxed).oldValue % workers.count]
            worker.post(.client(fd: fd, pool: pool.index, id: id))
        }
    }

    /// Stops accepting, lets in-flight requests finish for up to `drainMs`, and returns.
    public func stop(drainMs: Int) {
        notifier?.stopping()
        acceptQueue.sync {
            for runtime in pools {
                runtime.listener?.stop()
                runtime.listener = nil
            }
            statsListener?.stop()
            statsListener = nil
        }
        let done = workers.map { worker -> DispatchSemaphore in
            let semaphore = DispatchSemaphore(value: 0)
            worker.post(.stop(semaphore, drainMs: drainMs))
            return semaphore
        }
        for semaphore in done { _ = semaphore.wait(timeout: .now() + .milliseconds(drainMs + 1000)) }
    }

    /// The numbers now, summed over workers.
    func statsSnapshot() -> StatsSnapshot {
        let state = published.withLock { $0 }
        let process = ProcessStats(
            version: DroverVersion.string, processID: Int(getpid()),
            uptimeSeconds: Int((Clock.nowNs() - startedAt) / 1_000_000_000), workers: workers.count,
            configFile: options.configFile, configGeneration: state.generation,
            reloadsSucceeded: state.reloadsSucceeded, reloadsFailed: state.reloadsFailed,
            lastReloadError: state.lastReloadError)
        return state.sources.collect(process: process)
    }

    func readyStatus() -> String {
        let generation = published.withLock { $0.generation }
        return "serving \(pools.count) pool\(pools.count == 1 ? "" : "s"), configuration generation \(generation)"
    }
}

/// What readers on other threads see of the control plane; replaced whole under its lock.
struct PublishedState: Sendable {
    var sources: StatsSources
    var generation = 1
    var reloadsSucceeded = 0
    var reloadsFailed = 0
    var lastReloadError: String?
    var configSummary: String
}

/// How the daemon was started, for reloads.
public struct ServerOptions: Sendable {
    /// The configuration file's path, for INFO.
    public var configFile: String
    /// Reads and validates the file again, with the command line's overrides applied.
    public var load: @Sendable () throws -> DroverConfig
    /// Set to the file's `log_level` on every reload; nil when `--log-level` fixed it.
    public var logLevel: LogLevelControl?
    /// How the workers' event loops run (`--loop-option`).
    public var loop: LoopOptions

    /// Creates options.
    public init(configFile: String, logLevel: LogLevelControl?, loop: LoopOptions = LoopOptions(),
                load: @escaping @Sendable () throws -> DroverConfig) {
        self.configFile = configFile
        self.logLevel = logLevel
        self.loop = loop
        self.load = load
    }
}

/// The CPUs this process may run on, without pulling in Foundation.
enum ProcessInfoLite {
    /// The CPUs in the process's affinity mask (taskset, systemd's CPUAffinity=, a
    /// container's cpuset), else the online CPUs.
    static var usableProcessorCount: Int {
        var set = cpu_set_t()
        if sched_getaffinity(0, MemoryLayout<cpu_set_t>.size, &set) == 0 {
            let count = withUnsafeBytes(of: &set) { $0.reduce(0) { $0 + $1.nonzeroBitCount } }
            if count > 0 { return count }
        }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
