import Config
import Testing

/// Parses `yaml` expecting a ConfigError.
func configError(_ yaml: String, file: String = "t.yml") -> ConfigError? {
    do {
        _ = try DroverConfig.parse(yaml: yaml, file: file)
        return nil
    } catch {
        return error
    }
}

/// A bad config, the line its error must point at, and words the message must contain.
struct BadConfig: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var line: Int
    var says: String
    var testDescription: String { name }
}

/// Line 1 is the pool's name; the bad key or value is placed on a known line.
private func pool(_ body: String) -> String {
    "p:\n  listen: 127.0.0.1:22121\n  servers:\n    - 127.0.0.1:6379:1\n" + body
}

private let badConfigs: [BadConfig] = [
    BadConfig(name: "unknown pool key", yaml: pool("  timout: 400\n"), line: 5,
              says: "p: unknown key 'timout' (did you mean 'timeout'?)"),
    BadConfig(name: "non-numeric timeout", yaml: pool("  timeout: 4s\n"), line: 5,
              says: "p.timeout: expected an integer (milliseconds), got '4s'"),
    BadConfig(name: "negative number", yaml: pool("  backlog: -1\n"), line: 5, says: "got '-1'"),
    BadConfig(name: "yes is not a bool", yaml: pool("  preconnect: yes\n"), line: 5,
              says: "expected true or false, got 'yes'"),
    BadConfig(name: "unknown hash", yaml: pool("  hash: sha1\n"), line: 5, says: "'sha1' is not one of one_at_a_time, md5"),
    BadConfig(name: "unknown distribution", yaml: pool("  distribution: rendezvous\n"), line: 5,
              says: "is not one of ketama, modula, random"),
    BadConfig(name: "hash tag too long", yaml: pool("  hash_tag: \"{{}\"\n"), line: 5, says: "is not two characters"),
    BadConfig(name: "unquoted hash tag", yaml: pool("  hash_tag: {}\n"), line: 5, says: "quote the tag"),
    BadConfig(name: "memcached pool", yaml: pool("  redis: false\n"), line: 5, says: "drover speaks only the Redis protocol"),
    BadConfig(name: "zero server_connections", yaml: pool("  server_connections: 0\n"), line: 5,
              says: "0 is out of range (at least 1)"),
    BadConfig(name: "bad read policy", yaml: pool("  read_policy: nearest\n"), line: 5,
              says: "'nearest' is not one of primary, prefer-primary, replica, prefer-replica, any"),
    BadConfig(name: "bad size unit", yaml: pool("  max_request_size: 5 parsecs\n"), line: 5,
              says: "expected a size in bytes"),
    BadConfig(name: "compression level", yaml: pool("  compression:\n    level: 10\n"), line: 6,
              says: "p.compression.level: 10 is out of range (from 1 to 9)"),
    BadConfig(name: "unknown compression key", yaml: pool("  compression:\n    algorithm: zlib\n    lvl: 3\n"), line: 7,
              says: "p.compression: unknown key 'lvl' (did you mean 'level'?)"),
    BadConfig(name: "unknown compression algorithm", yaml: pool("  compression: {algorithm: lz4}\n"), line: 5,
              says: "'lz4' is not one of zlib"),
    BadConfig(name: "empty value", yaml: pool("  timeout:\n"), line: 5, says: "got nothing"),
    BadConfig(name: "list where a scalar goes", yaml: pool("  timeout: [1]\n"), line: 5, says: "got a list"),
    BadConfig(name: "both passwords-limits", yaml: pool("  max_clients: 5\n  client_connections: 6\n"), line: 6,
              says: "max_clients and client_connections are the same limit; set only one (the other is at line 5)"),
    BadConfig(name: "username without password", yaml: pool("  backend_username: u\n"), line: 5,
              says: "backend_username needs backend_password"),
    BadConfig(name: "bad server weight", yaml: "p:\n  listen: 127.0.0.1:1\n  servers:\n    - 127.0.0.1:6379:1\n    - 127.0.0.1:6380:0\n",
              line: 5, says: "p.servers[1]: '127.0.0.1:6380:0' has an invalid weight '0'"),
    BadConfig(name: "server without weight", yaml: "p:\n  listen: 127.0.0.1:1\n  servers:\n    - 127.0.0.1:6379\n",
              line: 4, says: "'127.0.0.1:6379' has no weight"),
    BadConfig(name: "server with bad port", yaml: "p:\n  listen: 127.0.0.1:1\n  servers:\n    - 127.0.0.1:70000:1\n",
              line: 4, says: "has an invalid port '70000'"),
    BadConfig(name: "server with three words", yaml: "p:\n  listen: 127.0.0.1:1\n  servers:\n    - 127.0.0.1:6379:1 a b\n",
              line: 4, says: "expected 'host:port:weight [name]'"),
    BadConfig(name: "duplicate server name", yaml: "p:\n  listen: 127.0.0.1:1\n  servers:\n    - 127.0.0.1:6379:1 a\n    - 127.0.0.1:6380:1 a\n",
              line: 5, says: "name 'a' is already used by p.servers[0] (line 4)"),
    BadConfig(name: "duplicate unnamed server", yaml: "p:\n  listen: 127.0.0.1:1\n  servers:\n    - 127.0.0.1:6379:1\n    - 127.0.0.1:6379:2\n",
              line: 5, says: "name '127.0.0.1:6379' is already used"),
    BadConfig(name: "listen without port", yaml: "p:\n  listen: localhost\n  servers: [127.0.0.1:6379:1]\n",
              line: 2, says: "'localhost' is not 'host:port' or an absolute Unix socket path"),
    BadConfig(name: "listen bad port", yaml: "p:\n  listen: 127.0.0.1:0\n  servers: [127.0.0.1:6379:1]\n",
              line: 2, says: "invalid port '0'"),
    BadConfig(name: "socket mode not octal", yaml: "p:\n  listen: /tmp/d.sock 0999\n  servers: [127.0.0.1:6379:1]\n",
              line: 2, says: "'0999' in '/tmp/d.sock 0999' is not an octal permission mode"),
    BadConfig(name: "socket mode too large", yaml: "p:\n  listen: /tmp/d.sock 1777\n  servers: [127.0.0.1:6379:1]\n",
              line: 2, says: "is not an octal permission mode"),
    BadConfig(name: "missing listen", yaml: "a:\n  listen: 127.0.0.1:1\n  servers: [127.0.0.1:6379:1]\nb:\n  servers: [127.0.0.1:6379:1]\n",
              line: 4, says: "pool 'b' has no listen: address"),
    BadConfig(name: "missing servers", yaml: "p:\n  listen: 127.0.0.1:1\n  timeout: 5\n", line: 1,
              says: "pool 'p' has no servers: (or shards:)"),
    BadConfig(name: "empty server list", yaml: "p:\n  listen: 127.0.0.1:1\n  servers: []\n", line: 3,
              says: "must list at least one server"),
    BadConfig(name: "same listen twice", yaml: "a:\n  listen: 127.0.0.1:1\n  servers: [127.0.0.1:6379:1]\nb:\n  listen: 127.0.0.1:1\n  servers: [127.0.0.1:6379:1]\n",
              line: 5, says: "pool 'b' listens on 127.0.0.1:1, as pool 'a' does"),
    BadConfig(name: "listen on the stats port", yaml: "a:\n  listen: 127.0.0.1:22222\n  servers: [127.0.0.1:6379:1]\n",
              line: 2, says: "as stats_listen does"),
    BadConfig(name: "misspelt top-level key", yaml: "worker: 2\n" + pool(""), line: 1,
              says: "'worker' is neither a top-level setting (workers, stats_listen, log_level) nor a pool (a pool is a mapping of settings) (did you mean 'workers'?)"),
    BadConfig(name: "bad log level", yaml: "log_level: verbose\n" + pool(""), line: 1,
              says: "log_level: 'verbose' is not one of trace, debug, info, notice, warning, error, critical"),
    BadConfig(name: "zero workers", yaml: pool("") + "workers: 0\n", line: 5, says: "workers: 0 is out of range (from 1 to 1024)"),
    BadConfig(name: "no pools", yaml: "workers: 1\n", line: 1, says: "no pools"),
    BadConfig(name: "not a mapping", yaml: "- a\n- b\n", line: 1, says: "expected a mapping of pool names to pools"),
    BadConfig(name: "duplicate pool key", yaml: pool("  timeout: 1\n  hash: md5\n  timeout: 2\n"), line: 7,
              says: "duplicate key 'timeout' (first at line 5)"),
    BadConfig(name: "duplicate pool name", yaml: pool("") + "q:\n  listen: 127.0.0.1:2\n  servers: [127.0.0.1:6379:1]\np:\n  listen: 127.0.0.1:3\n",
              line: 8, says: "duplicate key 'p' (first at line 1)"),
    BadConfig(name: "duplicate key in a shard", yaml: "p:\n  listen: 127.0.0.1:1\n  shards:\n    - primary: 127.0.0.1:1\n      weight: 1\n      primary: 127.0.0.1:2\n",
              line: 6, says: "duplicate key 'primary' (first at line 4)"),
    BadConfig(name: "YAML syntax error", yaml: "p:\n  listen: 127.0.0.1:1\n servers: [\n", line: 3, says: "invalid YAML"),
    BadConfig(name: "huge number", yaml: pool("  timeout: 99999999999999999999\n"), line: 5,
              says: "p.timeout: 99999999999999999999 is out of range (at least 0)"),
    BadConfig(name: "huge size", yaml: pool("  max_client_output: 2000gb\n"), line: 5,
              says: "p.max_client_output: 2000gb is out of range (1 byte to 1 TiB)"),
    BadConfig(name: "duplicate key with CRLF line ends",
              yaml: "p:\r\n  listen: 127.0.0.1:1\r\n  timeout: 1\r\n  servers: [127.0.0.1:6379:1]\r\n  timeout: 2\r\n",
              line: 5, says: "duplicate key 'timeout' (first at line 3)"),
    BadConfig(name: "multiple documents", yaml: pool("") + "---\nq: 1\n", line: 5,
              says: "expected a single document"),
    BadConfig(name: "tab indentation", yaml: "p:\n\tlisten: 127.0.0.1:1\n", line: 2, says: "invalid YAML"),
]

@Suite struct ErrorPositionTests {
    @Test(arguments: badConfigs)
    func errorPointsAtTheOffendingLine(_ bad: BadConfig) throws {
        let error = try #require(configError(bad.yaml), "expected an error")
        #expect(error.file == "t.yml")
        #expect(error.line == bad.line, "\(error)")
        #expect(error.message.contains(bad.says), "\(error)")
    }

    @Test func descriptionReadsLikeACompilerDiagnostic() throws {
        let error = try #require(configError(pool("  timeout: 4s\n"), file: "/etc/drover.yml"))
        #expect(error.description == "/etc/drover.yml:5:12: p.timeout: expected an integer (milliseconds), got '4s'")
        #expect(ConfigError(file: "f", message: "m").description == "f: m")
    }

    @Test func unreadableFileIsReportedWithItsPath() throws {
        do {
            _ = try DroverConfig.load(path: "/nonexistent/drover.yml")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "/nonexistent/drover.yml")
            #expect(error.line == nil)
            #expect(error.message.hasPrefix("cannot read the file"))
        }
    }

    @Test func anEmptyFileIsAnError() throws {
        let error = try #require(configError("# nothing here\n"))
        #expect(error.message.contains("empty"))
    }
}
