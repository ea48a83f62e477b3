extension DroverConfig {
    /// The configuration a reload runs: `loaded`, except that every setting the settings
    /// table marks `restart` keeps its running value (`self`'s) — top-level ones always,
    /// pool ones for pools that exist in both.
    ///
    /// - Parameter loaded: The configuration just read from the file.
    /// - Returns: What to serve until the next reload or restart.
    public func reloaded(with loaded: DroverConfig) -> DroverConfig {
        var result = loaded
        for field in Self.reloadFields where Settings.isRestartOnly(field.key, scope: .global) {
            field.keep(&result, self)
        }
        let running = Dictionary(pools.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in result.pools.indices {
            guard let old = running[result.pools[index].name] else { continue }
            for field in PoolConfig.reloadFields where Settings.isRestartOnly(field.key, scope: .pool) {
                field.keep(&result.pools[index], old)
            }
        }
        return result
    }

    /// Two listeners of this configuration that would bind the same address, described;
    /// nil if every pool and the stats endpoint have their own.
    ///
    /// The parser checks this for a file; a reload checks it again because pools it keeps
    /// listen where the running configuration says, which the new file may reuse.
    public func listenerConflict() -> String? {
        var owners: [String: String] = [statsListen.bindKey: "stats_listen"]
        for pool in pools {
            if let owner = owners[pool.listen.bindKey] {
                return "pool '\(pool.name)' listens on \(pool.listen), as \(owner) does "
                    + "(a pool's listen address changes only with a restart)"
            }
            owners[pool.listen.bindKey] = "pool '\(pool.name)'"
        }
        return nil
    }
}

extension ListenAddress {
    /// What two listeners clash on: the TCP host and port, or the socket path (a Unix
    /// socket's mode does not count).
    public var bindKey: String {
        switch self {
        case let .tcp(host, port): "tcp \(host) \(port)"
        case let .unix(path, _): "unix \(path)"
        }
    }
}
