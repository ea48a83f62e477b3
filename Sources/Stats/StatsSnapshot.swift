/// drover's numbers at one moment, summed over workers: what INFO, `/metrics` and `/stats`
/// show. Plain values, so formatting is pure and testable.
public struct StatsSnapshot: Sendable, Equatable, Codable {
    /// Facts about the process and its configuration.
    public var process: ProcessStats
    /// The pools, in configuration order.
    public var pools: [PoolStats]

    /// Creates a snapshot.
    public init(process: ProcessStats, pools: [PoolStats]) {
        self.process = process
        self.pools = pools
    }

    /// Clients connected now, all pools.
    public var connectedClients: Int { pools.reduce(0) { $0 + $1.clients } }
    /// Every server of every pool, in order.
    public var servers: [ServerStats] { pools.flatMap(\.servers) }
}

/// The process and its configuration.
public struct ProcessStats: Sendable, Equatable, Codable {
    /// drover's version.
    public var version: String
    /// The process id.
    public var processID: Int
    /// Seconds since start.
    public var uptimeSeconds: Int
    /// Event-loop threads.
    public var workers: Int
    /// The configuration file's path.
    public var configFile: String
    /// Configurations loaded: 1 at start, plus one per successful reload.
    public var configGeneration: Int
    /// Reloads that were applied.
    public var reloadsSucceeded: Int
    /// Reloads refused (unreadable or invalid file); the previous configuration kept serving.
    public var reloadsFailed: Int
    /// Why the latest reload failed, if it did (`FILE:LINE:COL: message`); nil after a success.
    public var lastReloadError: String?

    /// Creates process facts.
    public init(version: String, processID: Int, uptimeSeconds: Int, workers: Int, configFile: String,
                configGeneration: Int, reloadsSucceeded: Int = 0, reloadsFailed: Int = 0,
                lastReloadError: String? = nil) {
        self.version = version
        self.processID = processID
        self.uptimeSeconds = uptimeSeconds
        self.workers = workers
        self.configFile = configFile
        self.configGeneration = configGeneration
        self.reloadsSucceeded = reloadsSucceeded
        self.reloadsFailed = reloadsFailed
        self.lastReloadError = lastReloadError
    }
}

/// One pool, summed over workers.
public struct PoolStats: Sendable, Equatable, Codable {
    /// The pool's name.
    public var name: String
    /// Where it listens.
    public var listen: String
    /// Clients connected now.
    public var clients: Int
    /// Clients accepted since start.
    public var connectionsReceived: Int
    /// Clients turned away by `max_clients`.
    public var connectionsRejected: Int
    /// Clients disconnected by `max_client_output`.
    public var outputLimitDisconnects: Int
    /// Clients closed by `client_timeout`.
    public var idleDisconnects: Int
    /// Malformed requests (each closed its connection).
    public var protocolErrors: Int
    /// Passwords refused.
    public var authFailures: Int
    /// Commands received.
    public var requests: Int
    /// Error replies drover wrote itself.
    public var errors: Int
    /// The pool's servers, in shard order.
    public var servers: [ServerStats]

    /// Creates pool numbers.
    public init(name: String, listen: String, clients: Int = 0, connectionsReceived: Int = 0,
                connectionsRejected: Int = 0, outputLimitDisconnects: Int = 0, idleDisconnects: Int = 0,
                protocolErrors: Int = 0, authFailures: Int = 0, requests: Int = 0,
                errors: Int = 0, servers: [ServerStats] = []) {
        self.name = name
        self.listen = listen
        self.clients = clients
        self.connectionsReceived = connectionsReceived
        self.connectionsRejected = connectionsRejected
        self.outputLimitDisconnects = outputLimitDisconnects
        self.idleDisconnects = idleDisconnects
        self.protocolErrors = protocolErrors
        self.authFailures = authFailures
        self.requests = requests
        self.errors = errors
        self.servers = servers
    }
}

/// One backend server, summed over workers.
public struct ServerStats: Sendable, Equatable, Codable {
    /// The pool it belongs to.
    public var pool: String
    /// Its shard's ring name.
    public var shard: String
    /// `host:port` or a socket path.
    public var address: String
    /// `down` if any worker's last attempt failed, else `up` if any worker is connected,
    /// else `idle`.
    public var state: String
    /// Open connections, all workers.
    public var connections: Int
    /// Requests sent.
    public var requests: Int
    /// Requests failed for want of a connection.
    public var errors: Int
    /// Requests timed out.
    public var timeouts: Int
    /// Times taken out of routing by health checks.
    public var ejections: Int
    /// Reply latency.
    public var latency: LatencyStats

    /// Creates server numbers.
    public init(pool: String, shard: String, address: String, state: String = ServerState.idle.name,
                connections: Int = 0, requests: Int = 0, errors: Int = 0, timeouts: Int = 0,
                ejections: Int = 0, latency: LatencyStats = LatencyStats()) {
        self.pool = pool
        self.shard = shard
        self.address = address
        self.state = state
        self.connections = connections
        self.requests = requests
        self.errors = errors
        self.timeouts = timeouts
        self.ejections = ejections
        self.latency = latency
    }
}

/// A latency histogram (``LatencyBuckets``) and its sum.
public struct LatencyStats: Sendable, Equatable, Codable {
    /// Observations per bucket.
    public var buckets: [Int]
    /// Sum of the observations in nanoseconds.
    public var sumNs: Int

    /// Creates a histogram; empty by default.
    public init(buckets: [Int] = Array(repeating: 0, count: LatencyBuckets.count), sumNs: Int = 0) {
        self.buckets = buckets
        self.sumNs = sumNs
    }

    /// Number of observations.
    public var count: Int { buckets.reduce(0, +) }

    /// The `quantile` latency in microseconds (see ``LatencyBuckets/quantile(_:counts:)``).
    public func quantileMicros(_ quantile: Double) -> Double? {
        LatencyBuckets.quantile(quantile, counts: buckets)
    }
}
