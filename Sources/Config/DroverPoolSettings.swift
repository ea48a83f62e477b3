import DroverCore

/// Largest millisecond or second count accepted (a C `int`, as for twemproxy's keys).
private let intMax = Int(Int32.max)

extension Settings {
    /// The pool keys drover adds to twemproxy's.
    static let droverPoolRules: [SettingRule<PoolDraft>] = [
        SettingRule("shards", .pool, type: "list of mappings (see `shards[].*`)", default: "required (or `servers`)",
                    "drover's richer form of `servers`: each shard has a primary, read replicas and failover nodes.") { value, draft throws(ConfigError) in
            var ring: [(shard: ShardConfig, value: YAMLValue)] = []
            for entry in try value.sequence(expecting: "a list of shards") {
                var shard = ShardDraft()
                try shardRules.apply(entry, to: &shard, what: "a shard")
                ring.append((try shard.finish(at: entry), entry))
            }
            try draft.setRing(ring, key: "shards", from: value)
        },
        SettingRule("read_policy", .pool, type: ReadPolicy.allCases.map(\.rawValue).joined(separator: ", "),
                    default: ReadPolicy.primary.rawValue,
                    "Which healthy nodes of a shard serve reads.") { value, draft throws(ConfigError) in
            draft.pool.readPolicy = try value.choice(ReadPolicy.self)
        },
        SettingRule("on_backend_error", .pool, type: "error, miss", default: BackendErrorPolicy.error.rawValue,
                    "What reads of an unreachable shard answer: an error, or nil as a cache miss.") { value, draft throws(ConfigError) in
            draft.pool.onBackendError = try value.choice(BackendErrorPolicy.self)
        },
        SettingRule("read_your_writes", .pool, type: "ms", default: "\(PoolDefaults.readYourWritesMs)",
                    "After a client writes to a shard, its reads of that shard go to the node that took the write for this long, whatever `read_policy` says; 0 is off.") { value, draft throws(ConfigError) in
            draft.pool.readYourWritesMs = try value.integer(0...intMax, unit: "milliseconds")
        },
        SettingRule("herd_timeout", .pool, type: "seconds", default: "0 (off)",
                    "How long past its expiry a value is served to all but the one client recomputing it.") { value, draft throws(ConfigError) in
            draft.pool.herdTimeoutSeconds = try value.integer(0...intMax, unit: "seconds")
        },
        SettingRule("compression", .pool, type: "mapping (see `compression.*`)", default: "off",
                    "Store large values compressed; clients always read back the bytes they wrote.") { value, draft throws(ConfigError) in
            var compression = CompressionConfig()
            try compressionRules.apply(value, to: &compression, what: "compression")
            draft.pool.compression = compression
        },
        SettingRule("connect_timeout", .pool, type: "ms",
                    default: "`timeout`, else \(PoolDefaults.connectTimeoutMs)",
                    "How long to wait for a backend connection to open.") { value, draft throws(ConfigError) in
            draft.connectTimeoutMs = try value.integer(1...intMax, unit: "milliseconds")
        },
        SettingRule("client_timeout", .pool, type: "ms", default: "0 (never)",
                    "Disconnect clients idle this long.") { value, draft throws(ConfigError) in
            let timeout = try value.integer(0...intMax, unit: "milliseconds")
            draft.pool.clientTimeoutMs = timeout == 0 ? nil : timeout
        },
        SettingRule("client_password", .pool, type: "string", default: "`redis_auth`, else none",
                    "Clients must AUTH with this password before other commands.") { value, draft throws(ConfigError) in
            draft.clientPassword = try value.string()
        },
        SettingRule("backend_password", .pool, type: "string", default: "`redis_auth`, else none",
                    "The password drover AUTHs to backend nodes with.") { value, draft throws(ConfigError) in
            draft.backendPassword = try value.string()
        },
        SettingRule("backend_username", .pool, type: "string", default: "none (`default` user)",
                    "The ACL user drover AUTHs to backend nodes as; needs `backend_password`.") { value, draft throws(ConfigError) in
            draft.pool.backendUsername = try value.string()
            draft.backendUsernameValue = value
        },
        SettingRule("max_clients", .pool, type: "integer", default: "0 (no limit)",
                    "Most clients connected at once; more get `-ERR max number of clients reached`.") { value, draft throws(ConfigError) in
            try draft.setClientLimit(value.integer(0...intMax), from: value)
        },
        SettingRule("max_request_size", .pool, type: "bytes (`512mb`, `64kb`, ...)",
                    default: "512mb", "The largest request accepted; a larger one is a protocol error.") { value, draft throws(ConfigError) in
            draft.pool.maxRequestSize = try value.size(1...ByteCount.limit)
        },
        SettingRule("max_client_output", .pool, type: "bytes (`256mb`, ...)", default: "256mb",
                    "A client whose unsent replies exceed this is disconnected.") { value, draft throws(ConfigError) in
            draft.pool.maxClientOutput = try value.size(1...ByteCount.limit)
        },
        SettingRule("cross_shard_transactions", .pool, type: "refuse, split", default: CrossShardPolicy.refuse.rawValue,
                    "MULTI/EXEC whose keys span shards: refused, or split into one transaction per shard (not atomic across shards).") { value, draft throws(ConfigError) in
            draft.pool.crossShardTransactions = try value.choice(CrossShardPolicy.self)
        },
    ]
}
