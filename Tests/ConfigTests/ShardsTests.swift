import Config
import Testing

@Suite struct ShardsTests {
    @Test func shardsFormWithReplicasAndFailover() throws {
        let config = try DroverConfig.parse(yaml: """
            p:
              listen: 127.0.0.1:22121
              shards:
                - name: a
                  primary: 10.0.0.1:6379
                  replicas: [10.0.0.2:6379, 10.0.0.3:6379]
                  failover:
                    - 10.0.1.1:6379
                  weight: 2
                - primary: 127.0.0.1:6380
                - primary: 127.0.0.1:11211
                - primary: /tmp/s.sock
            """)
        let shards = config.pools[0].shards
        #expect(shards.count == 4)
        #expect(shards[0] == ShardConfig(
            name: "a", weight: 2, primary: NodeConfig(address: .tcp(host: "10.0.0.1", port: 6379)),
            replicas: [NodeConfig(address: .tcp(host: "10.0.0.2", port: 6379)),
                       NodeConfig(address: .tcp(host: "10.0.0.3", port: 6379))],
            failover: [NodeConfig(address: .tcp(host: "10.0.1.1", port: 6379))]))
        // Unnamed shards are named like unnamed servers, so moving from servers: to shards:
        // never moves keys.
        #expect(shards[1...].map(\.name) == ["127.0.0.1:6380", "127.0.0.1", "/tmp/s.sock:"])
        #expect(shards[1].weight == 1)
        #expect(shards[3].primary.address == .unix(path: "/tmp/s.sock"))
        #expect(shards[0].nodes.count == 4)
    }

    @Test func shardsAndServersGiveTheSameRing() throws {
        let servers = try DroverConfig.parse(yaml: """
            p:
              listen: 127.0.0.1:22121
              servers:
                - 127.0.0.1:6379:1
                - 127.0.0.1:6380:3 b
            """)
        let shards = try DroverConfig.parse(yaml: """
            p:
              listen: 127.0.0.1:22121
              shards:
                - primary: 127.0.0.1:6379
                - {name: b, primary: "127.0.0.1:6380", weight: 3}
            """)
        #expect(servers == shards)
    }

    @Test func serversAndShardsTogetherIsAnError() throws {
        let error = try #require(configError("""
            p:
              listen: 127.0.0.1:22121
              servers:
                - 127.0.0.1:6379:1
              shards:
                - primary: 127.0.0.1:6380
            """))
        #expect(error.line == 5)
        #expect(error.message == "p.shards: a pool has either servers: or shards:, not both (servers: is at line 3)")
    }

    @Test func shardErrorsPointAtTheShard() throws {
        let missingPrimary = try #require(configError("""
            p:
              listen: 127.0.0.1:22121
              shards:
                - primary: 127.0.0.1:6379
                - name: b
                  weight: 2
            """))
        #expect(missingPrimary.line == 5)
        #expect(missingPrimary.message == "p.shards[1]: a shard needs a primary: address")

        let unknownKey = try #require(configError("""
            p:
              listen: 127.0.0.1:22121
              shards:
                - primary: 127.0.0.1:6379
                  replica: [127.0.0.1:6380]
            """))
        #expect(unknownKey.line == 5)
        #expect(unknownKey.message == "p.shards[0]: unknown key 'replica' (did you mean 'replicas'?)")

        let duplicateName = try #require(configError("""
            p:
              listen: 127.0.0.1:22121
              shards:
                - {name: a, primary: "127.0.0.1:6379"}
                - {name: a, primary: "127.0.0.1:6380"}
            """))
        #expect(duplicateName.line == 5)
        #expect(duplicateName.message.contains("name 'a' is already used by p.shards[0] (line 4)"))

        let nodeTwice = try #require(configError("""
            p:
              listen: 127.0.0.1:22121
              shards:
                - primary: 127.0.0.1:6379
                  replicas:
                    - 127.0.0.1:6380
                    - 127.0.0.1:6379
            """))
        #expect(nodeTwice.line == 7)
        #expect(nodeTwice.message.contains("127.0.0.1:6379 appears twice in this shard"))

        let badReplica = try #require(configError("""
            p:
              listen: 127.0.0.1:22121
              shards:
                - primary: 127.0.0.1:6379
                  failover: [127.0.0.1:6380, "127.0.0.1:x"]
            """))
        #expect(badReplica.line == 5)
        #expect(badReplica.message.contains("p.shards[0].failover[1]: '127.0.0.1:x' has an invalid port 'x'"))
    }
}
