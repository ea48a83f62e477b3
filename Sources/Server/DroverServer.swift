import Backend
import Config
import Dispatch
import Glibc
import Logging
import Synchronization

/// The running daemon: listeners, workers and the stats port, wired from a config.
public final class DroverServer: @unchecked Sendable {
    private let config: DroverConfig
    private let logger: Logger
    private let pools: [PoolSnapshot]
    private let workers: [Worker]
    private var listeners: [(listener: Listener, pool: Int)] = []
    private var statsListener: Listener?
    private let acceptQueue = DispatchQueue(label: "drover.accept")
    private let nextClientID = Atomic<Int>(1)
    private let nextWorker = Atomic<Int>(0)

    /// Builds the routing snapshots and workers; nothing is bound yet.
    public init(config: DroverConfig, logger: Logger) throws {
        self.config = config
        self.logger = logger
        let snapshots = try config.pools.enumerated().map { try PoolSnapshot(index: $0.offset, config: $0.element) }
        pools = snapshots
        let count = max(1, config.workers ?? ProcessInfoLite.activeProcessorCount)
        workers = (0..<count).map { Worker(id: $0, pools: snapshots, logger: logger) }
    }

    /// Binds every listener, starts the workers and begins accepting.
    public func start() throws {
        for pool in pools {
            let listener = try Listener(address: pool.config.listen, backlog: pool.config.backlog)
            listener.logger = logger
            listeners.append((listener, pool.index))
        }
        statsListener = try Listener(address: config.statsListen, backlog: 16)
        for worker in workers { worker.start() }
        for (listener, poolIndex) in listeners {
            let pool = pools[poolIndex]
            listener.start(queue: acceptQueue) { [self] fd in
                pool.clientCount.add(1, ordering: .relaxed)
                let id = nextClientID.add(1, ordering: .relaxed).oldValue
                let worker = workers[nextWorker.add(1, ordering: .relaxed).oldValue % workers.count]
                worker.post(.client(fd: fd, pool: poolIndex, id: id))
            }
            logger.info("listening", metadata: ["pool": "\(pool.config.name)", "address": "\(listener.address)",
                                                "shards": "\(pool.config.shards.count)"])
        }
        statsListener?.start(queue: acceptQueue) { fd in
            // The stats endpoint is not served yet; the port is held so it stays reserved.
            close(fd)
        }
        logger.info("drover started", metadata: ["workers": "\(workers.count)", "pools": "\(pools.count)"])
    }

    /// Stops accepting, lets in-flight requests finish for up to `drainMs`, and returns.
    public func stop(drainMs: Int) {
        for (listener, _) in listeners { listener.stop() }
        statsListener?.stop()
        let done = workers.map { worker -> DispatchSemaphore in
            let semaphore = DispatchSemaphore(value: 0)
            worker.post(.stop(semaphore, drainMs: drainMs))
            return semaphore
        }
        for semaphore in done { _ = semaphore.wait(timeout: .now() + .milliseconds(drainMs + 1000)) }
    }
}

/// The number of online CPUs, without pulling in Foundation.
enum ProcessInfoLite {
    static var activeProcessorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
