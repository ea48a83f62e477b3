import Testing

/// `drover --test-config` validates a file the way `nutcracker -t` does.
@Suite("--test-config")
struct ConfigCheckTests {
    @Test("a valid twemproxy config passes with exit status 0")
    func validConfig() throws {
        let directory = try TemporaryDirectory(prefix: "conf")
        defer { directory.remove() }
        let pool = PoolYAML(
            listen: "127.0.0.1:22121", servers: PoolYAML.servers(ports: [7001, 7002, 7003], named: true),
            hashTag: "{}",
            extraLines: ["auto_eject_hosts: false", "server_retry_timeout: 2000", "server_failure_limit: 2",
                         "preconnect: true"])
        let path = try directory.write("workers: 1\n" + pool.yaml, to: "good.yml")
        let result = try DroverProcess.testConfig(path: path)
        #expect(result.termination == .exited(0), "\(result.output)")
        #expect(!result.output.isEmpty, "it prints a summary")
    }

    /// A broken config and the line its error is on.
    struct BrokenConfig: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let line: Int
        var testDescription: String { name }
    }

    static let broken: [BrokenConfig] = [
        BrokenConfig(name: "unknown hash", text: """
            pool:
              listen: 127.0.0.1:22121
              redis: true
              distribution: ketama
              hash: nosuchhash
              servers:
                - 127.0.0.1:7001:1 s0

            """, line: 5),
        BrokenConfig(name: "bad server entry", text: """
            pool:
              listen: 127.0.0.1:22121
              hash: fnv1a_64
              distribution: ketama
              servers:
                - 127.0.0.1:7001:1 s0
                - 127.0.0.1:notaport:1 s1

            """, line: 7),
        BrokenConfig(name: "unknown distribution", text: """
            pool:
              listen: 127.0.0.1:22121
              hash: fnv1a_64
              distribution: roundrobin
              servers:
                - 127.0.0.1:7001:1 s0

            """, line: 4),
        BrokenConfig(name: "duplicate key", text: """
            pool:
              listen: 127.0.0.1:22121
              hash: fnv1a_64
              distribution: ketama
              hash: md5
              servers:
                - 127.0.0.1:7001:1 s0

            """, line: 5),
    ]

    @Test("a broken config fails with exit status 1 and FILE:LINE:COL", arguments: broken)
    func brokenConfig(config: BrokenConfig) throws {
        let directory = try TemporaryDirectory(prefix: "conf")
        defer { directory.remove() }
        let path = try directory.write(config.text, to: "bad.yml")
        let result = try DroverProcess.testConfig(path: path)
        #expect(result.termination == .exited(1), "\(result.output)")
        #expect(result.output.contains("\(path):\(config.line):"),
                "expected \(path):\(config.line):COL in:\n\(result.output)")
    }
}
