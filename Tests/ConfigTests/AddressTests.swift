import Config
import Testing

/// One pool whose servers: list is `servers`, parsed.
private func shards(_ servers: [String]) throws -> [ShardConfig] {
    let yaml = "p:\n  listen: 127.0.0.1:22121\n  servers:\n" + servers.map { "    - \($0)\n" }.joined()
    return try DroverConfig.parse(yaml: yaml).pools[0].shards
}

@Suite struct AddressTests {
    @Test func ketamaNamesFollowTwemproxysRule() throws {
        // Checked against nutcracker 0.5.0, whose stats name each server by its ring name.
        let parsed = try shards([
            "127.0.0.1:6379:1",
            "127.0.0.1:11211:1",
            "127.0.0.1:06380:2",
            "cache.local:6381:1 named",
            "/tmp/r.sock:1",
            "/tmp/r2.sock:3 sock2",
        ])
        #expect(parsed.map(\.name) == ["127.0.0.1:6379", "127.0.0.1", "127.0.0.1:06380", "named",
                                       "/tmp/r.sock:", "sock2"])
        #expect(parsed.map(\.weight) == [1, 1, 2, 1, 1, 3])
        #expect(parsed.map(\.primary.address) == [
            .tcp(host: "127.0.0.1", port: 6379), .tcp(host: "127.0.0.1", port: 11211),
            .tcp(host: "127.0.0.1", port: 6380), .tcp(host: "cache.local", port: 6381),
            .unix(path: "/tmp/r.sock"), .unix(path: "/tmp/r2.sock"),
        ])
        #expect(parsed.allSatisfy { $0.replicas.isEmpty && $0.failover.isEmpty })
    }

    @Test func ipv6HostsWithOrWithoutBrackets() throws {
        let parsed = try shards(["\"[::1]:6379:1\"", "::1:6380:1"])
        #expect(parsed.map(\.primary.address) == [.tcp(host: "::1", port: 6379), .tcp(host: "::1", port: 6380)])
        #expect(parsed.map(\.name) == ["[::1]:6379", "::1:6380"])
        #expect(parsed[0].primary.address.description == "[::1]:6379")
    }

    @Test func unixListenWithAndWithoutMode() throws {
        let config = try DroverConfig.parse(yaml: """
            a:
              listen: /run/drover/a.sock 0660
              servers: [127.0.0.1:6379:1]
            b:
              listen: /run/drover/b.sock
              servers: [127.0.0.1:6379:1]
            c:
              listen: /run/drover/c.sock 600
              servers: [127.0.0.1:6379:1]
            d:
              listen: "[::1]:22121"
              servers: [127.0.0.1:6379:1]
            """)
        #expect(config.pools.map(\.listen) == [
            .unix(path: "/run/drover/a.sock", mode: 0o660),
            .unix(path: "/run/drover/b.sock", mode: nil),
            .unix(path: "/run/drover/c.sock", mode: 0o600),
            .tcp(host: "::1", port: 22121),
        ])
        #expect(config.pools.map(\.listen.description) == [
            "/run/drover/a.sock 0660", "/run/drover/b.sock", "/run/drover/c.sock 0600", "[::1]:22121",
        ])
    }

    @Test func listenAcceptsHostNames() throws {
        let config = try DroverConfig.parse(yaml: "p:\n  listen: localhost:22121\n  servers: [127.0.0.1:6379:1]\n")
        #expect(config.pools[0].listen == .tcp(host: "localhost", port: 22121))
    }
}
