import Config
import Testing

/// What a SIGHUP reload sees as changed, and what it keeps until a restart.
@Suite struct ConfigDiffTests {
    static let base = """
        workers: 2
        stats_listen: 127.0.0.1:22222
        cache:
          listen: 127.0.0.1:22121
          timeout: 400
          servers:
            - 127.0.0.1:7001:1 s1
            - 127.0.0.1:7002:1 s2
            - 127.0.0.1:7003:1 s3
        sessions:
          listen: 127.0.0.1:22122
          servers:
            - 127.0.0.1:7101:1
        """

    private func parse(_ yaml: String) throws -> DroverConfig {
        try DroverConfig.parse(yaml: yaml)
    }

    @Test func sameFileIsNoChange() throws {
        let diff = ConfigDiff(from: try parse(Self.base), to: try parse(Self.base))
        #expect(diff.isEmpty)
        #expect(diff.summary == "no changes")
        #expect(diff.needsRestart.isEmpty)
    }

    @Test func shardAddedAndTimeoutChanged() throws {
        let new = Self.base
            .replacing("timeout: 400", with: "timeout: 250")
            .replacing("- 127.0.0.1:7003:1 s3", with: "- 127.0.0.1:7003:1 s3\n    - 127.0.0.1:7004:1 s4")
        let diff = ConfigDiff(from: try parse(Self.base), to: try parse(new))
        var expected = ConfigDiff.PoolChange(pool: "cache")
        expected.shardsAdded = ["s4"]
        // connect_timeout defaults to timeout, so it changes with it.
        expected.settingsChanged = ["timeout", "connect_timeout"]
        #expect(diff.poolsChanged == [expected])
        #expect(diff.poolsAdded.isEmpty && diff.poolsRemoved.isEmpty && diff.globalsChanged.isEmpty)
        #expect(diff.needsRestart.isEmpty)
        #expect(diff.summary == "pool 'cache': shard s4 added, timeout, connect_timeout changed")
    }

    @Test func shardsRemovedAndMovedByName() throws {
        // s1 leaves, s2 moves to another address (same ring name), s3 gets heavier.
        let new = Self.base
            .replacing("    - 127.0.0.1:7001:1 s1\n", with: "")
            .replacing("127.0.0.1:7002:1 s2", with: "127.0.0.1:7012:1 s2")
            .replacing("127.0.0.1:7003:1 s3", with: "127.0.0.1:7003:2 s3")
        let diff = ConfigDiff(from: try parse(Self.base), to: try parse(new))
        #expect(diff.poolsChanged.count == 1)
        let change = try #require(diff.poolsChanged.first)
        #expect(change.shardsRemoved == ["s1"])
        #expect(change.shardsChanged == ["s2", "s3"])
        #expect(change.shardsAdded.isEmpty && change.settingsChanged.isEmpty)
    }

    @Test func poolsAddedRemovedAndRenamed() throws {
        let new = Self.base.replacing("sessions:", with: "carts:") + """

            queue:
              listen: /run/drover/queue.sock 0660
              servers:
                - 127.0.0.1:7201:1
            """
        let diff = ConfigDiff(from: try parse(Self.base), to: try parse(new))
        #expect(diff.poolsAdded == ["carts", "queue"])
        #expect(diff.poolsRemoved == ["sessions"])
        #expect(diff.poolsChanged.isEmpty)
        #expect(diff.summary == "pool 'carts' added; pool 'queue' added; pool 'sessions' removed")
    }

    @Test func restartOnlyKeysAreReportedAndKept() throws {
        let new = Self.base
            .replacing("workers: 2", with: "workers: 4\nlog_level: debug")
            .replacing("stats_listen: 127.0.0.1:22222", with: "stats_listen: 127.0.0.1:23333")
            .replacing("listen: 127.0.0.1:22121", with: "listen: 127.0.0.1:32121\n  backlog: 1024")
            .replacing("timeout: 400", with: "timeout: 100")
        let running = try parse(Self.base)
        let loaded = try parse(new)
        let diff = ConfigDiff(from: running, to: loaded)
        #expect(diff.globalsChanged == ["workers", "stats_listen", "log_level"])
        #expect(diff.needsRestart.map(\.description)
                == ["workers", "stats_listen", "pool 'cache' listen", "pool 'cache' backlog"])

        let effective = running.reloaded(with: loaded)
        #expect(effective.workers == 2)
        #expect(effective.statsListen == .tcp(host: "127.0.0.1", port: 22222))
        #expect(effective.logLevel == "debug", "log_level applies on SIGHUP")
        #expect(effective.pools[0].listen == .tcp(host: "127.0.0.1", port: 22121))
        #expect(effective.pools[0].backlog == running.pools[0].backlog)
        #expect(effective.pools[0].timeoutMs == 100, "timeouts apply on SIGHUP")
        // What is left after keeping the restart-only values: only reloadable changes.
        let remaining = ConfigDiff(from: running, to: effective)
        #expect(remaining.needsRestart.isEmpty)
        #expect(remaining.globalsChanged == ["log_level"])
        #expect(remaining.poolsChanged.map(\.settingsChanged) == [["timeout", "connect_timeout"]])
    }

    @Test func addedPoolsListenWhereTheNewFileSays() throws {
        let new = Self.base + """

            queue:
              listen: 127.0.0.1:22199
              servers:
                - 127.0.0.1:7201:1
            """
        let effective = try parse(Self.base).reloaded(with: try parse(new))
        #expect(effective.pools.map(\.name) == ["cache", "sessions", "queue"])
        #expect(effective.pools[2].listen == .tcp(host: "127.0.0.1", port: 22199))
        #expect(effective.listenerConflict() == nil)
    }

    @Test func aNewPoolCannotTakeAnAddressAKeptPoolStillHolds() throws {
        // cache moves to 22199 in the file (needs a restart: it keeps 22121) and a new pool
        // wants 22121: both would bind it.
        let new = Self.base.replacing("listen: 127.0.0.1:22121", with: "listen: 127.0.0.1:22199") + """

            queue:
              listen: 127.0.0.1:22121
              servers:
                - 127.0.0.1:7201:1
            """
        let loaded = try parse(new)
        #expect(loaded.listenerConflict() == nil, "the file itself is valid")
        let effective = try parse(Self.base).reloaded(with: loaded)
        let conflict = try #require(effective.listenerConflict())
        #expect(conflict.contains("pool 'queue' listens on 127.0.0.1:22121, as pool 'cache' does"))
    }

    @Test func everyPoolSettingIsCompared() throws {
        // Each settings-table key changed alone is reported under its own name.
        let changes: [(String, String)] = [
            ("hash", "hash: md5"), ("hash_tag", "hash_tag: \"{}\""), ("distribution", "distribution: modula"),
            ("timeout", "timeout: 1"), ("backlog", "backlog: 7"), ("preconnect", "preconnect: true"),
            ("tcpkeepalive", "tcpkeepalive: true"), ("redis_db", "redis_db: 3"),
            ("server_connections", "server_connections: 2"), ("auto_eject_hosts", "auto_eject_hosts: true"),
            ("server_retry_timeout", "server_retry_timeout: 5"), ("server_failure_limit", "server_failure_limit: 9"),
            ("read_policy", "read_policy: any"), ("on_backend_error", "on_backend_error: miss"),
            ("herd_timeout", "herd_timeout: 5"), ("compression", "compression: {min_size: 10}"),
            ("connect_timeout", "connect_timeout: 5"), ("client_timeout", "client_timeout: 5"),
            ("client_password", "client_password: x"), ("backend_password", "backend_password: y"),
            ("backend_username", "backend_username: u\n  backend_password: y"),
            ("max_clients", "max_clients: 5"), ("max_clients", "client_connections: 5"),
            ("max_request_size", "max_request_size: 1kb"), ("max_client_output", "max_client_output: 1kb"),
            ("cross_shard_transactions", "cross_shard_transactions: split"),
        ]
        let running = try parse(Self.base)
        for (key, line) in changes {
            let edited = line.hasPrefix("timeout:")
                ? Self.base.replacing("timeout: 400", with: line)
                : Self.base.replacing("  timeout: 400\n", with: "  timeout: 400\n  \(line)\n")
            let loaded = try parse(edited)
            let changed = ConfigDiff(from: running, to: loaded).poolsChanged.first?.settingsChanged ?? []
            #expect(changed.contains(key), "\(line) should change \(key), got \(changed)")
        }
    }

    /// A property added to PoolConfig or DroverConfig must be added to reloadFields, or a
    /// reload would not notice it changed.
    @Test func reloadFieldsCoverEveryStoredProperty() throws {
        let config = try parse(Self.base)
        let poolProperties = Mirror(reflecting: config.pools[0]).children.compactMap(\.label)
        let comparedPool = Set(PoolConfig.reloadFields.map(\.property)).union(["name", "shards"])
        #expect(Set(poolProperties) == comparedPool)
        let topProperties = Mirror(reflecting: config).children.compactMap(\.label)
        #expect(Set(topProperties) == Set(DroverConfig.reloadFields.map(\.property)).union(["pools"]))
    }

    @Test func reloadFieldKeysAreSettingsTableKeys() {
        let poolKeys = Set(Settings.all.filter { $0.scope == .pool }.map(\.name))
        for field in PoolConfig.reloadFields { #expect(poolKeys.contains(field.key), "\(field.key)") }
        let globalKeys = Set(Settings.all.filter { $0.scope == .global }.map(\.name))
        #expect(Set(DroverConfig.reloadFields.map(\.key)) == globalKeys)
    }
}
