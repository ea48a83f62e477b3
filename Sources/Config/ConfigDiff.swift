/// What a reload changes: the running configuration compared with a newly loaded one.
///
/// Pools are matched by name and shards by their ring name, so a renamed pool is one
/// removed and one added, and a shard that keeps its name but moves to another address
/// is "changed". Settings are named as in the settings table (``Settings``), which also
/// says whether SIGHUP can apply them; the ones that need a restart are listed in
/// ``needsRestart`` and keep their running value (see ``DroverConfig/reloaded(with:)``).
///
/// ```swift
/// let diff = ConfigDiff(from: running, to: loaded)
/// if diff.isEmpty { ... }            // nothing to do
/// logger.info("\(diff.summary)")     // pool 'cache': shard s4 added; timeout changed
/// ```
public struct ConfigDiff: Sendable, Equatable {
    /// What changed inside one pool that exists before and after.
    public struct PoolChange: Sendable, Equatable {
        /// The pool's name.
        public var pool: String
        /// Shards (by ring name) that are new, in the new file's order.
        public var shardsAdded: [String] = []
        /// Shards that are gone, in the old file's order.
        public var shardsRemoved: [String] = []
        /// Shards whose weight or nodes changed, in the new file's order.
        public var shardsChanged: [String] = []
        /// Pool settings whose value changed (settings-table names), shards excluded.
        public var settingsChanged: [String] = []

        /// Creates an empty change record for `pool`.
        public init(pool: String) {
            self.pool = pool
        }

        /// Whether anything changed.
        public var isEmpty: Bool {
            shardsAdded.isEmpty && shardsRemoved.isEmpty && shardsChanged.isEmpty && settingsChanged.isEmpty
        }
    }

    /// A changed setting that only a restart applies.
    public struct RestartSetting: Sendable, Equatable, CustomStringConvertible {
        /// The pool whose setting it is; nil for a top-level setting.
        public var pool: String?
        /// The settings-table name (`workers`, `listen`, ...).
        public var key: String

        /// `workers`, or `pool 'cache' listen`.
        public var description: String {
            pool.map { "pool '\($0)' \(key)" } ?? key
        }
    }

    /// Pools only in the new configuration, in its order.
    public var poolsAdded: [String] = []
    /// Pools only in the running configuration, in its order.
    public var poolsRemoved: [String] = []
    /// Pools in both whose settings or shards differ, in the new configuration's order.
    public var poolsChanged: [PoolChange] = []
    /// Top-level settings whose value changed (settings-table names).
    public var globalsChanged: [String] = []
    /// Every changed setting whose table entry says `restart`.
    public var needsRestart: [RestartSetting] = []

    /// Compares two configurations.
    ///
    /// - Parameters:
    ///   - old: The running configuration.
    ///   - new: The configuration just loaded.
    public init(from old: DroverConfig, to new: DroverConfig) {
        globalsChanged = DroverConfig.reloadFields.filter { $0.differs(old, new) }.map(\.key)
        needsRestart = globalsChanged.filter { Settings.isRestartOnly($0, scope: .global) }
            .map { RestartSetting(pool: nil, key: $0) }
        let oldPools = Dictionary(old.pools.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(new.pools.map(\.name))
        poolsRemoved = old.pools.map(\.name).filter { !newNames.contains($0) }
        for pool in new.pools {
            guard let before = oldPools[pool.name] else {
                poolsAdded.append(pool.name)
                continue
            }
            let change = Self.compare(before, pool)
            if change.isEmpty { continue }
            poolsChanged.append(change)
            needsRestart += change.settingsChanged.filter { Settings.isRestartOnly($0, scope: .pool) }
                .map { RestartSetting(pool: pool.name, key: $0) }
        }
    }

    /// Whether the two configurations mean the same thing.
    public var isEmpty: Bool {
        poolsAdded.isEmpty && poolsRemoved.isEmpty && poolsChanged.isEmpty && globalsChanged.isEmpty
    }

    /// One line for the log: `pool 'b' added; pool 'cache': shard s4 added, timeout changed`.
    public var summary: String {
        var parts: [String] = []
        if !globalsChanged.isEmpty { parts.append(globalsChanged.joined(separator: ", ") + " changed") }
        parts += poolsAdded.map { "pool '\($0)' added" }
        parts += poolsRemoved.map { "pool '\($0)' removed" }
        for change in poolsChanged {
            var items: [String] = []
            items += change.shardsAdded.map { "shard \($0) added" }
            items += change.shardsRemoved.map { "shard \($0) removed" }
            items += change.shardsChanged.map { "shard \($0) changed" }
            if !change.settingsChanged.isEmpty {
                items.append(change.settingsChanged.joined(separator: ", ") + " changed")
            }
            parts.append("pool '\(change.pool)': " + items.joined(separator: ", "))
        }
        return parts.isEmpty ? "no changes" : parts.joined(separator: "; ")
    }

    private static func compare(_ old: PoolConfig, _ new: PoolConfig) -> PoolChange {
        var change = PoolChange(pool: new.name)
        change.settingsChanged = PoolConfig.reloadFields.filter { $0.differs(old, new) }.map(\.key)
        let oldShards = Dictionary(old.shards.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(new.shards.map(\.name))
        change.shardsRemoved = old.shards.map(\.name).filter { !newNames.contains($0) }
        for shard in new.shards {
            if let before = oldShards[shard.name] {
                if before != shard { change.shardsChanged.append(shard.name) }
            } else {
                change.shardsAdded.append(shard.name)
            }
        }
        return change
    }
}
