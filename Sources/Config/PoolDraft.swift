/// A pool being read from the file: the settings read so far, plus what only the whole pool
/// can decide (required keys, derived defaults, twemproxy's keys mapped onto drover's).
struct PoolDraft {
    var pool: PoolConfig
    var listenValue: YAMLValue?
    /// The key (`servers` or `shards`) and value that set the ring, whichever the pool uses.
    var ring: (key: String, value: YAMLValue)?
    var shardNames: [String: YAMLValue] = [:]
    var redisAuth: String?
    var clientPassword: String?
    var backendPassword: String?
    var backendUsernameValue: YAMLValue?
    var connectTimeoutMs: Int?
    /// Which of `max_clients` / `client_connections` set the client limit.
    var clientLimitValue: YAMLValue?

    init(name: String) {
        // listen and shards are placeholders until the file sets them; finish() checks it did.
        pool = PoolConfig(name: name, listen: .tcp(host: "", port: 0), shards: [])
    }

    /// Sets the ring from `servers:` or `shards:`; a pool may use only one of them.
    mutating func setRing(_ entries: [(shard: ShardConfig, value: YAMLValue)],
                          key: String, from value: YAMLValue) throws(ConfigError) {
        if let ring {
            throw value.keyError("a pool has either servers: or shards:, not both (\(ring.key): "
                + "is at line \(ring.value.keyMark?.line ?? 0))")
        }
        guard !entries.isEmpty else { throw value.error("must list at least one server") }
        for (shard, entryValue) in entries {
            if let first = shardNames[shard.name] {
                throw entryValue.error("name '\(shard.name)' is already used by \(first.path)"
                    + " (line \(first.node.mark?.line ?? 0)); names must be unique within a pool")
            }
            shardNames[shard.name] = entryValue
        }
        pool.shards = entries.map(\.shard)
        ring = (key, value)
    }

    /// Sets the client limit from `max_clients` or twemproxy's `client_connections`.
    mutating func setClientLimit(_ limit: Int, from value: YAMLValue) throws(ConfigError) {
        if let clientLimitValue {
            throw value.keyError("max_clients and client_connections are the same limit; "
                + "set only one (the other is at line \(clientLimitValue.keyMark?.line ?? 0))")
        }
        pool.maxClients = limit == 0 ? nil : limit
        clientLimitValue = value
    }

    /// The finished pool, with derived settings resolved.
    ///
    /// - Parameter key: The pool's key in the file, where missing keys are reported.
    func finish(at key: YAMLValue) throws(ConfigError) -> PoolConfig {
        let name = pool.name
        guard listenValue != nil else {
            throw key.error("pool '\(name)' has no listen: address")
        }
        guard ring != nil else {
            throw key.error("pool '\(name)' has no servers: (or shards:)")
        }
        var pool = pool
        pool.connectTimeoutMs = connectTimeoutMs ?? pool.timeoutMs ?? PoolDefaults.connectTimeoutMs
        // twemproxy's redis_auth is both what clients AUTH with and what the proxy sends to
        // the servers; drover's explicit keys override either half.
        pool.clientPassword = clientPassword ?? redisAuth
        pool.backendPassword = backendPassword ?? redisAuth
        if let backendUsernameValue, pool.backendPassword == nil {
            throw backendUsernameValue.keyError("backend_username needs backend_password (or redis_auth)")
        }
        return pool
    }
}
