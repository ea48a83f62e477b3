import Config
import Foundation
import Testing

/// The repository's config/ directory (this file's symlinks resolved, so it also works from
/// a scratch package that links the test directory).
private func exampleConfig(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config").appendingPathComponent(name).path
}

@Suite struct SettingsTests {
    /// Every key twemproxy 0.5.0 documents for nutcracker.yml.
    static let twemproxyKeys = [
        "listen", "hash", "hash_tag", "distribution", "timeout", "backlog", "tcpkeepalive",
        "preconnect", "redis", "redis_auth", "redis_db", "server_connections", "auto_eject_hosts",
        "server_retry_timeout", "server_failure_limit", "client_connections", "servers",
    ]

    @Test func everyTwemproxyKeyIsAPoolSettingMarkedAsTwemproxys() {
        let pool = Settings.all.filter { $0.scope == .pool }
        #expect(Set(pool.filter(\.fromTwemproxy).map(\.name)) == Set(Self.twemproxyKeys))
    }

    @Test func settingNamesAreUniqueWithinTheirScope() {
        let names = Settings.all.map(\.qualifiedName)
        #expect(Set(names).count == names.count)
    }

    @Test func restartOnlySettings() {
        let restart = Settings.all.filter { $0.apply == .restart }.map(\.qualifiedName)
        #expect(Set(restart) == ["workers", "stats_listen", "listen", "backlog"])
    }

    @Test func markdownTableHasARowPerSetting() {
        let table = Settings.markdownTable()
        let rows = table.split(separator: "\n")
        #expect(rows.first == "| key | where | type | default | applied by | description |")
        #expect(rows.count == Settings.all.count + 2)
        #expect(table.contains("| `timeout` | pool (twemproxy) | ms | none (wait forever) | SIGHUP |"))
        #expect(table.contains("| `compression.level` | compression | 1–9 | 6 | SIGHUP |"))
        #expect(table.contains("| `shards[].primary` | shard | `host:port` or `/path` | required | SIGHUP |"))
        #expect(table.contains("| `workers` | top level | integer ≥ 1 | usable CPUs − 1 (at least 1) | restart |"))
    }

    @Test func demoConfigParses() throws {
        let config = try DroverConfig.load(path: exampleConfig("demo.yml"))
        #expect(config.workers == 1)
        #expect(config.statsListen == .tcp(host: "127.0.0.1", port: 22222))
        let demo = try #require(config.pools.first)
        #expect(config.pools.count == 1)
        #expect(demo.name == "demo")
        #expect(demo.listen == .tcp(host: "127.0.0.1", port: 22121))
        #expect(demo.hash == .fnv1a_64)
        #expect(demo.distribution == .ketama)
        #expect(demo.hashTag == "{}")
        #expect(demo.timeoutMs == 400)
        #expect(demo.shards.map(\.name) == ["s1", "s2", "s3"])
        #expect(demo.shards.map(\.primary.address) == (7001...7003).map { .tcp(host: "127.0.0.1", port: $0) })
    }

    @Test func droverExampleParsesAndMentionsEveryKey() throws {
        let path = exampleConfig("drover.yml")
        let config = try DroverConfig.load(path: path)
        #expect(config.pools.map(\.name) == ["cache", "sessions"])
        let sessions = config.pools[1]
        #expect(sessions.listen == .unix(path: "/tmp/drover-sessions.sock", mode: 0o660))
        #expect(sessions.shards.map(\.name) == ["a", "b"])
        #expect(sessions.backendUsername == "drover")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for setting in Settings.all {
            #expect(text.contains("\(setting.name):"), "drover.yml does not show \(setting.qualifiedName)")
        }
    }

    @Test func summaryShowsPoolsListenersShardsAndEffectiveSettings() throws {
        let config = try DroverConfig.parse(yaml: nutcrackerSample)
        let summary = config.summary()
        for pool in config.pools {
            #expect(summary.contains("pool '\(pool.name)': listen \(pool.listen)"))
        }
        #expect(summary.hasPrefix("drover configuration: 5 pools\n"))
        #expect(summary.contains("    server1 (weight 1): primary 127.0.0.1:6380\n"))
        #expect(summary.contains("pool 'omega': listen /tmp/gamma 0666 (backlog 512)"))
        #expect(summary.contains("max_request_size 512 MiB, max_client_output 256 MiB"))
        #expect(summary.contains("timeout none (wait forever)"))
    }

    @Test func summaryHidesPasswords() throws {
        let config = try DroverConfig.parse(yaml: """
            p:
              listen: 127.0.0.1:22121
              redis_auth: hunter2
              shards:
                - {name: a, primary: "127.0.0.1:6379", replicas: ["127.0.0.1:6380"], failover: ["127.0.0.1:6381"]}
            """)
        let summary = config.summary()
        #expect(!summary.contains("hunter2"))
        #expect(summary.contains("client_password set"))
        #expect(summary.contains("    a (weight 1): primary 127.0.0.1:6379\n      replicas: 127.0.0.1:6380\n      failover: 127.0.0.1:6381\n"))
    }
}
