import DroverCore

/// The values pool settings take when absent: twemproxy's defaults for twemproxy's keys.
enum PoolDefaults {
    static let hash = HashFunction.fnv1a_64
    static let distribution = Distribution.ketama
    static let backlog = 512
    static let serverConnections = 1
    static let serverRetryTimeoutMs = 30_000
    static let serverFailureLimit = 2
    /// Replication on a LAN lags well under a second except under heavy load.
    static let readYourWritesMs = 1000
    /// Used for `connect_timeout` when neither it nor `timeout` is set: twemproxy would wait
    /// for the kernel (minutes); a proxy in front of a cache should fail over much sooner.
    static let connectTimeoutMs = 1000
    /// Redis's own default `proto-max-bulk-len`.
    static let maxRequestSize = 512 << 20
    static let maxClientOutput = 256 << 20
}

extension PoolConfig {
    /// A pool with every optional setting at its default.
    ///
    /// - Parameters:
    ///   - name: The pool's name.
    ///   - listen: Where it accepts clients.
    ///   - shards: Its ring.
    public init(name: String, listen: ListenAddress, shards: [ShardConfig]) {
        self.init(
            name: name, listen: listen,
            hash: PoolDefaults.hash, hashTag: nil, distribution: PoolDefaults.distribution,
            timeoutMs: nil, backlog: PoolDefaults.backlog, preconnect: false, tcpKeepalive: false,
            redisDb: 0, serverConnections: PoolDefaults.serverConnections, autoEjectHosts: false,
            serverRetryTimeoutMs: PoolDefaults.serverRetryTimeoutMs,
            serverFailureLimit: PoolDefaults.serverFailureLimit,
            shards: shards, readPolicy: .primary, onBackendError: .error,
            readYourWritesMs: PoolDefaults.readYourWritesMs,
            herdTimeoutSeconds: 0, compression: nil,
            connectTimeoutMs: PoolDefaults.connectTimeoutMs, clientTimeoutMs: nil,
            clientPassword: nil, backendPassword: nil, backendUsername: nil, maxClients: nil,
            maxRequestSize: PoolDefaults.maxRequestSize, maxClientOutput: PoolDefaults.maxClientOutput,
            crossShardTransactions: .refuse)
    }
}
