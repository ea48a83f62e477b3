import Yams

/// Turns config text into a ``DroverConfig``: composes the YAML with positions, reads each
/// key through the settings table, then checks what spans pools.
struct ConfigParser {
    let yaml: String
    let file: String
    /// Settings from the command line, applied to every pool after its own.
    var overrides: [PoolOverride] = []

    func parse() throws(ConfigError) -> DroverConfig {
        let root = YAMLValue(node: try compose(), file: file, path: "")
        var global = GlobalDraft()
        var pools: [(pool: PoolConfig, listen: YAMLValue)] = []
        let topLevel = "a mapping of pool names to pools (see nutcracker.yml)"
        for (key, keyNode, value) in try root.mapping(expecting: topLevel) {
            if let rule = Settings.globalRules.rule(named: key) {
                try rule.read(value, &global)
                continue
            }
            guard case .mapping = value.node else {
                throw keyNode.error("'\(key)' is neither a top-level setting ("
                    + Settings.globalRules.names.joined(separator: ", ")
                    + ") nor a pool (a pool is a mapping of settings)"
                    + Suggestion.didYouMean(key, among: Settings.globalRules.names))
            }
            var draft = PoolDraft(name: key)
            try Settings.poolRules.apply(value, to: &draft, what: "pool '\(key)'")
            for override in overrides { try override.apply(to: &draft) }
            // A pool without listen/servers is reported at its name.
            let pool = try draft.finish(at: keyNode)
            pools.append((pool, draft.listenValue ?? keyNode))
        }
        guard !pools.isEmpty else {
            throw root.error("no pools: define at least one pool (a name mapping to listen:, servers: ...)")
        }
        try checkListenersAreDistinct(pools, stats: (global.statsListen, global.statsListenValue))
        return DroverConfig(workers: global.workers, statsListen: global.statsListen,
                            logLevel: global.logLevel, pools: pools.map(\.pool))
    }

    /// The document's root node, with YAML errors (syntax, duplicate keys) mapped to positions.
    private func compose() throws(ConfigError) -> Node {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw YAMLErrors.configError(error, yaml: yaml, file: file)
        } catch {
            throw ConfigError(file: file, message: "invalid YAML: \(error)")
        }
        guard let root else {
            throw ConfigError(file: file, message: "the file is empty: define at least one pool")
        }
        return root
    }

    /// Two pools (or a pool and the stats listener) cannot bind the same address.
    private func checkListenersAreDistinct(_ pools: [(pool: PoolConfig, listen: YAMLValue)],
                                           stats: (ListenAddress, YAMLValue?)) throws(ConfigError) {
        var owners: [String: String] = [stats.0.bindKey: "stats_listen"]
        for (pool, listen) in pools {
            let key = pool.listen.bindKey
            if let owner = owners[key] {
                let other = owner == "stats_listen" ? "stats_listen" : "pool '\(owner)'"
                throw listen.error("pool '\(pool.name)' listens on \(pool.listen), as \(other) does")
            }
            owners[key] = pool.name
        }
    }
}
