import DroverCore

/// One pool: a listener and the shards its keys are spread over, with every setting resolved
/// (defaults applied, twemproxy's keys mapped to drover's).
public struct PoolConfig: Sendable, Equatable {
    /// The pool's name (its top-level key in the file).
    public var name: String
    /// Where the pool accepts clients.
    public var listen: ListenAddress
    /// The key hash function (`hash`).
    public var hash: HashFunction
    /// Two characters delimiting the part of a key that is hashed (`hash_tag`), e.g. `{}`.
    public var hashTag: String?
    /// How hashes map to shards (`distribution`).
    public var distribution: Distribution
    /// How long to wait for a backend's reply, in ms (`timeout`); nil waits forever.
    public var timeoutMs: Int?
    /// The listen backlog (`backlog`).
    public var backlog: Int
    /// Whether to connect to every backend at start (`preconnect`).
    public var preconnect: Bool
    /// Whether TCP keepalive is enabled on backend connections (`tcpkeepalive`).
    public var tcpKeepalive: Bool
    /// The database every backend connection SELECTs (`redis_db`).
    public var redisDb: Int
    /// Pipelined connections per backend node and worker (`server_connections`, at least 1).
    public var serverConnections: Int
    /// Whether a down shard without failover leaves the ring (`auto_eject_hosts`).
    public var autoEjectHosts: Bool
    /// How often a down node is probed, in ms (`server_retry_timeout`).
    public var serverRetryTimeoutMs: Int
    /// Consecutive failures that mark a node down (`server_failure_limit`).
    public var serverFailureLimit: Int
    /// The ring, in file order. Each `servers:` entry is one shard with a primary only.
    public var shards: [ShardConfig]
    /// Which nodes serve reads (`read_policy`).
    public var readPolicy: ReadPolicy
    /// What reads of an unreachable shard answer (`on_backend_error`).
    public var onBackendError: BackendErrorPolicy
    /// How long after a client's write to a shard its reads of that shard go to the node
    /// that took the write, in ms (`read_your_writes`); 0 is off.
    public var readYourWritesMs: Int
    /// Seconds a value is served stale after its logical expiry (`herd_timeout`); 0 is off.
    public var herdTimeoutSeconds: Int
    /// Value compression (`compression`); nil is off.
    public var compression: CompressionConfig?
    /// How long to wait for a backend connection, in ms (`connect_timeout`).
    public var connectTimeoutMs: Int
    /// Idle time after which a client is disconnected, in ms (`client_timeout`); nil is never.
    public var clientTimeoutMs: Int?
    /// The password clients must AUTH with (`client_password`, else `redis_auth`); nil is none.
    public var clientPassword: String?
    /// The password drover AUTHs to backends with (`backend_password`, else `redis_auth`).
    public var backendPassword: String?
    /// The ACL user drover AUTHs to backends as (`backend_username`); nil is `default`.
    public var backendUsername: String?
    /// The most clients connected at once (`max_clients` or `client_connections`); nil is no limit.
    public var maxClients: Int?
    /// The largest request, in bytes, accepted from a client (`max_request_size`).
    public var maxRequestSize: Int
    /// Unsent reply bytes beyond which a client is disconnected (`max_client_output`).
    public var maxClientOutput: Int
    /// How MULTI/EXEC spanning shards is handled (`cross_shard_transactions`).
    public var crossShardTransactions: CrossShardPolicy
}
