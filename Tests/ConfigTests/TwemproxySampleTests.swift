import Config
import DroverCore
import Testing

/// twemproxy's own sample, conf/nutcracker.yml (as its README shows it, with a socket mode).
let nutcrackerSample = """
alpha:
  listen: 127.0.0.1:22121
  hash: fnv1a_64
  distribution: ketama
  auto_eject_hosts: true
  redis: true
  server_retry_timeout: 2000
  server_failure_limit: 1
  servers:
   - 127.0.0.1:6379:1

beta:
  listen: 127.0.0.1:22122
  hash: fnv1a_64
  hash_tag: "{}"
  distribution: ketama
  auto_eject_hosts: false
  timeout: 400
  redis: true
  servers:
   - 127.0.0.1:6380:1 server1
   - 127.0.0.1:6381:1 server2
   - 127.0.0.1:6382:1 server3
   - 127.0.0.1:6383:1 server4

gamma:
  listen: 127.0.0.1:22123
  hash: fnv1a_64
  distribution: ketama
  timeout: 400
  backlog: 1024
  preconnect: true
  auto_eject_hosts: true
  server_retry_timeout: 2000
  server_failure_limit: 3
  servers:
   - 127.0.0.1:11212:1
   - 127.0.0.1:11213:1

delta:
  listen: 127.0.0.1:22124
  hash: fnv1a_64
  distribution: ketama
  timeout: 100
  auto_eject_hosts: true
  server_retry_timeout: 2000
  server_failure_limit: 1
  servers:
   - 127.0.0.1:11214:1
   - 127.0.0.1:11215:1
   - 127.0.0.1:11216:1
   - 127.0.0.1:11217:1
   - 127.0.0.1:11218:1
   - 127.0.0.1:11219:1
   - 127.0.0.1:11220:1
   - 127.0.0.1:11221:1
   - 127.0.0.1:11222:1
   - 127.0.0.1:11223:1

omega:
  listen: /tmp/gamma 0666
  hash: hsieh
  distribution: ketama
  auto_eject_hosts: false
  servers:
   - 127.0.0.1:11214:100000
   - 127.0.0.1:11215:1
"""

@Suite struct TwemproxySampleTests {
    let config: DroverConfig

    init() throws {
        config = try DroverConfig.parse(yaml: nutcrackerSample, file: "nutcracker.yml")
    }

    @Test func poolsInFileOrderWithTheirListeners() {
        #expect(config.pools.map(\.name) == ["alpha", "beta", "gamma", "delta", "omega"])
        #expect(config.pools.map(\.listen) == [
            .tcp(host: "127.0.0.1", port: 22121), .tcp(host: "127.0.0.1", port: 22122),
            .tcp(host: "127.0.0.1", port: 22123), .tcp(host: "127.0.0.1", port: 22124),
            .unix(path: "/tmp/gamma", mode: 0o666),
        ])
    }

    @Test func alpha() throws {
        let alpha = config.pools[0]
        #expect(alpha.hash == .fnv1a_64)
        #expect(alpha.distribution == .ketama)
        #expect(alpha.autoEjectHosts)
        #expect(alpha.serverRetryTimeoutMs == 2000)
        #expect(alpha.serverFailureLimit == 1)
        #expect(alpha.timeoutMs == nil)
        #expect(alpha.shards == [ShardConfig(name: "127.0.0.1:6379", weight: 1,
                                             primary: NodeConfig(address: .tcp(host: "127.0.0.1", port: 6379)))])
    }

    @Test func betaUsesNodeNamesAndAHashTag() {
        let beta = config.pools[1]
        #expect(beta.hashTag == "{}")
        #expect(beta.timeoutMs == 400)
        #expect(beta.connectTimeoutMs == 400)
        #expect(!beta.autoEjectHosts)
        #expect(beta.shards.map(\.name) == ["server1", "server2", "server3", "server4"])
        #expect(beta.shards.map(\.primary.address) == (6380...6383).map { .tcp(host: "127.0.0.1", port: $0) })
    }

    @Test func gammaWithoutRedisKeyIsARedisPool() {
        let gamma = config.pools[2]
        #expect(gamma.backlog == 1024)
        #expect(gamma.preconnect)
        #expect(gamma.serverFailureLimit == 3)
        #expect(gamma.shards.map(\.name) == ["127.0.0.1:11212", "127.0.0.1:11213"])
    }

    @Test func deltaHasTenServers() {
        let delta = config.pools[3]
        #expect(delta.timeoutMs == 100)
        #expect(delta.shards.count == 10)
        #expect(delta.shards.last?.name == "127.0.0.1:11223")
    }

    @Test func omegaKeepsWeights() {
        let omega = config.pools[4]
        #expect(omega.hash == .hsieh)
        #expect(omega.shards.map(\.weight) == [100_000, 1])
    }

    @Test func topLevelDefaults() {
        #expect(config.workers == nil)
        #expect(config.statsListen == .tcp(host: "127.0.0.1", port: 22222))
        #expect(config.logLevel == "info")
    }
}
