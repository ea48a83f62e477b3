/// Largest weight accepted (a C `int`, as twemproxy's).
private let intMax = Int(Int32.max)

/// One entry of `shards:` being read.
struct ShardDraft {
    var name: String?
    var weight = 1
    var primary: ParsedServerAddress?
    var replicas: [(node: ParsedServerAddress, value: YAMLValue)] = []
    var failover: [(node: ParsedServerAddress, value: YAMLValue)] = []

    /// The finished shard; reported at `entry` when `primary` is missing.
    func finish(at entry: YAMLValue) throws(ConfigError) -> ShardConfig {
        guard let primary else { throw entry.error("a shard needs a primary: address") }
        var seen: Set<ServerAddress> = [primary.address]
        for (node, value) in replicas + failover {
            guard seen.insert(node.address).inserted else {
                throw value.error("\(node.address) appears twice in this shard")
            }
        }
        return ShardConfig(name: name ?? primary.ketamaName, weight: weight,
                           primary: NodeConfig(address: primary.address),
                           replicas: replicas.map { NodeConfig(address: $0.node.address) },
                           failover: failover.map { NodeConfig(address: $0.node.address) })
    }
}

extension Settings {
    /// The keys of one `shards:` entry.
    static let shardRules = RuleSet<ShardDraft>([
        SettingRule("name", .shard, type: "string", default: "as for `servers`: primary's `host:port`",
                    "The name hashed onto the ring; unique within the pool.") { value, draft throws(ConfigError) in
            draft.name = try value.string()
        },
        SettingRule("primary", .shard, type: "`host:port` or `/path`", default: "required",
                    "The node that takes writes.") { value, draft throws(ConfigError) in
            draft.primary = try value.parse(expecting: "'host:port' or a Unix socket path", ParsedServerAddress.parse)
        },
        SettingRule("replicas", .shard, type: "list of `host:port` or `/path`", default: "none",
                    "Read replicas of the primary, used per `read_policy`.") { value, draft throws(ConfigError) in
            draft.replicas = try nodes(value)
        },
        SettingRule("failover", .shard, type: "list of `host:port` or `/path`", default: "none",
                    "Nodes that take the shard's traffic, first healthy one first, while the primary is down.") { value, draft throws(ConfigError) in
            draft.failover = try nodes(value)
        },
        SettingRule("weight", .shard, type: "integer ≥ 1", default: "1",
                    "The shard's share of the ring (ketama weight).") { value, draft throws(ConfigError) in
            draft.weight = try value.integer(1...intMax)
        },
    ])

    /// The keys of a pool's `compression:` mapping.
    static let compressionRules = RuleSet<CompressionConfig>([
        SettingRule("algorithm", .compression, type: "zlib", default: CompressionConfig().algorithm.rawValue,
                    "The compression algorithm.") { value, compression throws(ConfigError) in
            compression.algorithm = try value.choice(CompressionConfig.Algorithm.self)
        },
        SettingRule("min_size", .compression, type: "bytes", default: "\(CompressionConfig().minSize)",
                    "Values smaller than this are stored raw.") { value, compression throws(ConfigError) in
            compression.minSize = try value.size(1...ByteCount.limit)
        },
        SettingRule("level", .compression, type: "1–9", default: "\(CompressionConfig().level)",
                    "zlib's level: 1 is fastest, 9 smallest.") { value, compression throws(ConfigError) in
            compression.level = try value.integer(1...9)
        },
    ])

    private static func nodes(_ value: YAMLValue) throws(ConfigError) -> [(node: ParsedServerAddress, value: YAMLValue)] {
        var nodes: [(node: ParsedServerAddress, value: YAMLValue)] = []
        for entry in try value.sequence(expecting: "a list of 'host:port' addresses") {
            nodes.append((try entry.parse(expecting: "'host:port' or a Unix socket path", ParsedServerAddress.parse), entry))
        }
        return nodes
    }
}
