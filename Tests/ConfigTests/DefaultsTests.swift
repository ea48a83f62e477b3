import Config
import DroverCore
import Testing

@Suite struct DefaultsTests {
    @Test func aMinimalPoolGetsTwemproxysDefaultsAndDroversOwn() throws {
        let config = try DroverConfig.parse(yaml: """
            p:
              listen: 127.0.0.1:22121
              servers:
                - 127.0.0.1:6379:1
            """)
        let pool = try #require(config.pools.first)
        // twemproxy's defaults (nc_conf.h / README).
        #expect(pool.hash == .fnv1a_64)
        #expect(pool.hashTag == nil)
        #expect(pool.distribution == .ketama)
        #expect(pool.timeoutMs == nil)
        #expect(pool.backlog == 512)
        #expect(pool.preconnect == false)
        #expect(pool.tcpKeepalive == false)
        #expect(pool.redisDb == 0)
        #expect(pool.serverConnections == 1)
        #expect(pool.autoEjectHosts == false)
        #expect(pool.serverRetryTimeoutMs == 30_000)
        #expect(pool.serverFailureLimit == 2)
        #expect(pool.maxClients == nil)
        // drover's own.
        #expect(pool.readPolicy == .primary)
        #expect(pool.onBackendError == .error)
        #expect(pool.herdTimeoutSeconds == 0)
        #expect(pool.compression == nil)
        #expect(pool.connectTimeoutMs == 1000)
        #expect(pool.clientTimeoutMs == nil)
        #expect(pool.clientPassword == nil)
        #expect(pool.backendPassword == nil)
        #expect(pool.backendUsername == nil)
        #expect(pool.maxRequestSize == 512 * 1024 * 1024)
        #expect(pool.maxClientOutput == 256 * 1024 * 1024)
        #expect(pool.crossShardTransactions == .refuse)
        #expect(pool == PoolConfig(name: "p", listen: .tcp(host: "127.0.0.1", port: 22121),
                                   shards: pool.shards))
    }

    @Test func connectTimeoutFollowsTimeoutUnlessSet() throws {
        let config = try DroverConfig.parse(yaml: """
            a:
              listen: 127.0.0.1:1
              timeout: 250
              servers: [127.0.0.1:6379:1]
            b:
              listen: 127.0.0.1:2
              timeout: 250
              connect_timeout: 50
              servers: [127.0.0.1:6379:1]
            c:
              listen: 127.0.0.1:3
              timeout: 0
              servers: [127.0.0.1:6379:1]
            """)
        #expect(config.pools.map(\.connectTimeoutMs) == [250, 50, 1000])
        #expect(config.pools.map(\.timeoutMs) == [250, 250, nil])
    }

    @Test func redisAuthSetsBothPasswordsAndExplicitKeysOverrideIt() throws {
        let config = try DroverConfig.parse(yaml: """
            both:
              listen: 127.0.0.1:1
              redis_auth: s3cret
              servers: [127.0.0.1:6379:1]
            split:
              listen: 127.0.0.1:2
              client_password: for-clients
              redis_auth: s3cret
              servers: [127.0.0.1:6379:1]
            acl:
              listen: 127.0.0.1:3
              backend_username: drover
              backend_password: pw
              servers: [127.0.0.1:6379:1]
            """)
        let pools = config.pools
        #expect(pools[0].clientPassword == "s3cret")
        #expect(pools[0].backendPassword == "s3cret")
        #expect(pools[1].clientPassword == "for-clients")
        #expect(pools[1].backendPassword == "s3cret")
        #expect(pools[2].clientPassword == nil)
        #expect(pools[2].backendPassword == "pw")
        #expect(pools[2].backendUsername == "drover")
    }

    @Test func clientConnectionsAndMaxClientsAreOneLimit() throws {
        let config = try DroverConfig.parse(yaml: """
            a:
              listen: 127.0.0.1:1
              client_connections: 100
              servers: [127.0.0.1:6379:1]
            b:
              listen: 127.0.0.1:2
              max_clients: 7
              servers: [127.0.0.1:6379:1]
            c:
              listen: 127.0.0.1:3
              max_clients: 0
              servers: [127.0.0.1:6379:1]
            """)
        #expect(config.pools.map(\.maxClients) == [100, 7, nil])
    }

    @Test func droverKeysAndSizeUnits() throws {
        let config = try DroverConfig.parse(yaml: """
            workers: 3
            stats_listen: /run/drover-stats.sock
            log_level: debug
            p:
              listen: 127.0.0.1:22121
              servers: [127.0.0.1:6379:1]
              read_policy: prefer-replica
              on_backend_error: miss
              herd_timeout: 30
              compression: {min_size: 2kb, level: 9}
              client_timeout: 60000
              max_request_size: 1mb
              max_client_output: 1000k
              cross_shard_transactions: split
              tcpkeepalive: true
              redis_db: 3
              server_connections: 4
            """)
        #expect(config.workers == 3)
        #expect(config.statsListen == .unix(path: "/run/drover-stats.sock", mode: nil))
        #expect(config.logLevel == "debug")
        let pool = config.pools[0]
        #expect(pool.readPolicy == .preferReplica)
        #expect(pool.onBackendError == .miss)
        #expect(pool.herdTimeoutSeconds == 30)
        #expect(pool.compression == CompressionConfig(algorithm: .zlib, minSize: 2048, level: 9))
        #expect(pool.clientTimeoutMs == 60000)
        #expect(pool.maxRequestSize == 1 << 20)
        #expect(pool.maxClientOutput == 1_000_000)
        #expect(pool.crossShardTransactions == .split)
        #expect(pool.tcpKeepalive)
        #expect(pool.redisDb == 3)
        #expect(pool.serverConnections == 4)
    }

    @Test func anEmptyCompressionMappingMeansDefaults() throws {
        let config = try DroverConfig.parse(yaml: """
            p:
              listen: 127.0.0.1:22121
              servers: [127.0.0.1:6379:1]
              compression: {}
            """)
        #expect(config.pools[0].compression == CompressionConfig(algorithm: .zlib, minSize: 1024, level: 6))
    }
}

@Suite("Default worker count")
struct WorkerCountTests {
    @Test("one worker per usable CPU but one, never fewer than one",
          arguments: [(1, 1), (2, 1), (3, 2), (4, 3), (16, 15), (0, 1)])
    func automatic(cpus: Int, workers: Int) {
        #expect(WorkerCount.automatic(usableCPUs: cpus) == workers)
    }
}
