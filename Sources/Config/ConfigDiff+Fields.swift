/// One compared field of a configuration: the Swift property, the settings-table key it
/// comes from, and how to compare it and to keep its running value.
///
/// Every stored property of ``PoolConfig`` and ``DroverConfig`` has an entry (a test walks
/// them with `Mirror`), so a new setting cannot be silently left out of reload diffs.
public struct ReloadField<Root>: Sendable {
    /// The Swift property's name.
    public let property: String
    /// The settings-table key.
    public let key: String
    let differs: @Sendable (Root, Root) -> Bool
    let keep: @Sendable (inout Root, Root) -> Void

    init<Value: Equatable & Sendable>(_ property: String, _ key: String,
                           _ path: WritableKeyPath<Root, Value> & Sendable) {
        self.property = property
        self.key = key
        differs = { $0[keyPath: path] != $1[keyPath: path] }
        keep = { $0[keyPath: path] = $1[keyPath: path] }
    }
}

extension PoolConfig {
    /// The pool's compared settings; `name` (the pool's identity) and `shards` (compared
    /// shard by shard) are not among them.
    public static var reloadFields: [ReloadField<PoolConfig>] {
        [
            ReloadField("listen", "listen", \.listen),
            ReloadField("hash", "hash", \.hash),
            ReloadField("hashTag", "hash_tag", \.hashTag),
            ReloadField("distribution", "distribution", \.distribution),
            ReloadField("timeoutMs", "timeout", \.timeoutMs),
            ReloadField("backlog", "backlog", \.backlog),
            ReloadField("preconnect", "preconnect", \.preconnect),
            ReloadField("tcpKeepalive", "tcpkeepalive", \.tcpKeepalive),
            ReloadField("redisDb", "redis_db", \.redisDb),
            ReloadField("serverConnections", "server_connections", \.serverConnections),
            ReloadField("autoEjectHosts", "auto_eject_hosts", \.autoEjectHosts),
            ReloadField("serverRetryTimeoutMs", "server_retry_timeout", \.serverRetryTimeoutMs),
            ReloadField("serverFailureLimit", "server_failure_limit", \.serverFailureLimit),
            ReloadField("readPolicy", "read_policy", \.readPolicy),
            ReloadField("onBackendError", "on_backend_error", \.onBackendError),
            ReloadField("herdTimeoutSeconds", "herd_timeout", \.herdTimeoutSeconds),
            ReloadField("compression", "compression", \.compression),
            ReloadField("connectTimeoutMs", "connect_timeout", \.connectTimeoutMs),
            ReloadField("clientTimeoutMs", "client_timeout", \.clientTimeoutMs),
            ReloadField("clientPassword", "client_password", \.clientPassword),
            ReloadField("backendPassword", "backend_password", \.backendPassword),
            ReloadField("backendUsername", "backend_username", \.backendUsername),
            ReloadField("maxClients", "max_clients", \.maxClients),
            ReloadField("maxRequestSize", "max_request_size", \.maxRequestSize),
            ReloadField("maxClientOutput", "max_client_output", \.maxClientOutput),
            ReloadField("crossShardTransactions", "cross_shard_transactions", \.crossShardTransactions),
        ]
    }
}

extension DroverConfig {
    /// The top-level compared settings; `pools` is compared pool by pool.
    public static var reloadFields: [ReloadField<DroverConfig>] {
        [
            ReloadField("workers", "workers", \.workers),
            ReloadField("statsListen", "stats_listen", \.statsListen),
            ReloadField("logLevel", "log_level", \.logLevel),
        ]
    }
}

extension Settings {
    /// Whether the settings table says a change of `key` (in `scope`) needs a restart.
    public static func isRestartOnly(_ key: String, scope: Setting.Scope) -> Bool {
        all.first { $0.name == key && $0.scope == scope }?.apply == .restart
    }
}
