import DroverCore

/// Largest number twemproxy accepts for its numeric keys (a C `int`).
private let intMax = Int(Int32.max)

extension Settings {
    /// The keys of a pool: twemproxy's first, with twemproxy's meaning, then drover's own.
    static let poolRules = RuleSet<PoolDraft>(twemproxyPoolRules + droverPoolRules)

    private static let twemproxyPoolRules: [SettingRule<PoolDraft>] = [
        SettingRule("listen", .pool, type: "`host:port` or `/path [mode]`", default: "required",
                    apply: .restart, twemproxy: true,
                    "Where the pool accepts clients; a Unix socket path may be followed by an octal mode (`/run/drover.sock 0660`).") { value, draft throws(ConfigError) in
            draft.pool.listen = try value.parse(expecting: "'host:port' or a Unix socket path", ListenAddress.parse)
            draft.listenValue = value
        },
        SettingRule("hash", .pool, type: HashFunction.allCases.map(\.rawValue).joined(separator: ", "),
                    default: PoolDefaults.hash.rawValue, twemproxy: true,
                    "The function that hashes keys.") { value, draft throws(ConfigError) in
            draft.pool.hash = try value.choice(HashFunction.self)
        },
        SettingRule("hash_tag", .pool, type: "two characters", default: "none", twemproxy: true,
                    "Only the part of a key between these two characters (if non-empty) is hashed, e.g. `\"{}\"`.") { value, draft throws(ConfigError) in
            if case .mapping = value.node {
                throw value.error("an unquoted {} is an empty YAML mapping; quote the tag: hash_tag: \"{}\"")
            }
            let tag = try value.scalar(expecting: "two characters such as \"{}\"")
            guard tag.utf8.count == 2 else {
                throw value.error("'\(tag)' is not two characters (e.g. \"{}\")")
            }
            draft.pool.hashTag = tag
        },
        SettingRule("distribution", .pool, type: Distribution.allCases.map(\.rawValue).joined(separator: ", "),
                    default: PoolDefaults.distribution.rawValue, twemproxy: true,
                    "How hashes map to shards; ketama is consistent hashing compatible with twemproxy.") { value, draft throws(ConfigError) in
            draft.pool.distribution = try value.choice(Distribution.self)
        },
        SettingRule("timeout", .pool, type: "ms", default: "none (wait forever)", twemproxy: true,
                    "How long to wait for a backend's reply before answering an error; 0 waits forever.") { value, draft throws(ConfigError) in
            let timeout = try value.integer(0...intMax, unit: "milliseconds")
            draft.pool.timeoutMs = timeout == 0 ? nil : timeout
        },
        SettingRule("backlog", .pool, type: "integer", default: "\(PoolDefaults.backlog)", apply: .restart,
                    twemproxy: true, "The listen(2) backlog of the pool's listener.") { value, draft throws(ConfigError) in
            draft.pool.backlog = try value.integer(0...intMax)
        },
        SettingRule("preconnect", .pool, type: "bool", default: "false", twemproxy: true,
                    "Connect to every backend node at start instead of on first use.") { value, draft throws(ConfigError) in
            draft.pool.preconnect = try value.bool()
        },
        SettingRule("tcpkeepalive", .pool, type: "bool", default: "false", twemproxy: true,
                    "Enable TCP keepalive on backend connections.") { value, draft throws(ConfigError) in
            draft.pool.tcpKeepalive = try value.bool()
        },
        SettingRule("redis", .pool, type: "bool", default: "true", twemproxy: true,
                    "Accepted for twemproxy compatibility; drover speaks only Redis, so `false` is an error.") { value, _ throws(ConfigError) in
            guard try value.bool() else {
                throw value.error("drover speaks only the Redis protocol; memcached pools (redis: false) are not supported")
            }
        },
        SettingRule("redis_auth", .pool, type: "string", default: "none", twemproxy: true,
                    "Clients must AUTH with this password and drover AUTHs to the backends with it; shorthand for `client_password` plus `backend_password`.") { value, draft throws(ConfigError) in
            draft.redisAuth = try value.string()
        },
        SettingRule("redis_db", .pool, type: "integer", default: "0", twemproxy: true,
                    "The database drover SELECTs on every backend connection; clients always see database 0.") { value, draft throws(ConfigError) in
            draft.pool.redisDb = try value.integer(0...intMax)
        },
        SettingRule("server_connections", .pool, type: "integer ≥ 1", default: "\(PoolDefaults.serverConnections)",
                    twemproxy: true, "Pipelined connections per backend node (per worker).") { value, draft throws(ConfigError) in
            draft.pool.serverConnections = try value.integer(1...intMax)
        },
        SettingRule("auto_eject_hosts", .pool, type: "bool", default: "false", twemproxy: true,
                    "A down shard without failover nodes leaves the ring until it is healthy again.") { value, draft throws(ConfigError) in
            draft.pool.autoEjectHosts = try value.bool()
        },
        SettingRule("server_retry_timeout", .pool, type: "ms", default: "\(PoolDefaults.serverRetryTimeoutMs)",
                    twemproxy: true, "How often a down node is probed with PING.") { value, draft throws(ConfigError) in
            draft.pool.serverRetryTimeoutMs = try value.integer(0...intMax, unit: "milliseconds")
        },
        SettingRule("server_failure_limit", .pool, type: "integer", default: "\(PoolDefaults.serverFailureLimit)",
                    twemproxy: true, "Consecutive failures (connect error, timeout, reset) that mark a node down.") { value, draft throws(ConfigError) in
            draft.pool.serverFailureLimit = try value.integer(0...intMax)
        },
        SettingRule("client_connections", .pool, type: "integer", default: "0 (no limit)", twemproxy: true,
                    "twemproxy's name for `max_clients`.") { value, draft throws(ConfigError) in
            try draft.setClientLimit(value.integer(0...intMax), from: value)
        },
        SettingRule("servers", .pool, type: "list of `host:port:weight [name]` or `/path:weight [name]`",
                    default: "required (or `shards`)", twemproxy: true,
                    "The pool's servers, one shard each; the name (else `host:port`, `host` for port 11211, `path:` for a socket) places keys on the ring.") { value, draft throws(ConfigError) in
            let entries = try value.sequence(expecting: "a list of 'host:port:weight [name]'")
            var ring: [(shard: ShardConfig, value: YAMLValue)] = []
            for entry in entries {
                let shard = try entry.parse(expecting: "'host:port:weight [name]'", ShardConfig.parseServerLine)
                ring.append((shard, entry))
            }
            try draft.setRing(ring, key: "servers", from: value)
        },
    ]
}
