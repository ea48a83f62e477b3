import Foundation
import Testing

/// Stock clients, used with no options, work through drover.
@Suite("Clients")
struct ClientCompatibilityTests {
    @Test("redis-cli: SET, GET, MGET across shards, --pipe")
    func redisCLIWorks() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let port = cluster.port

        #expect(try redisCLI(port: port, "set", "k", "v").stdout == "OK\n")
        #expect(try redisCLI(port: port, "get", "k").stdout == "v\n")
        for key in GoldenPlacement.onePerShard {
            #expect(try redisCLI(port: port, "set", key, "value-\(key)").stdout == "OK\n")
        }
        let mget = try redisCLI(port: port, "mget", "a", "nosuchkey", "foo", "alpha")
        #expect(mget.stdout == "value-a\n\nvalue-foo\nvalue-alpha\n")

        let commands = (0..<100).map { "SET pipe:\($0) \($0)\r\n" }.joined()
        let piped = try redisCLI(port: port, "--pipe", stdin: commands)
        #expect(piped.succeeded, "\(piped.output)")
        #expect(piped.output.contains("errors: 0, replies: 100"), "\(piped.output)")
        #expect(try redisCLI(port: port, "get", "pipe:42").stdout == "42\n")
    }

    /// `nil` is a client built with no options (redis-py 8 then opens with HELLO 3);
    /// 2 asks for RESP2 (HELLO is not sent).
    @Test("redis-py: get/set/mget/delete/incr/expire/ttl and a pipeline", arguments: [nil, 2] as [Int?])
    func redisPyWorks(respVersion: Int?) throws {
        let python = try TestEnvironment.python()
        let cluster = try Cluster()
        defer { cluster.stop() }

        let script = TestEnvironment.pythonScripts.appendingPathComponent("redis_py_check.py").path
        let arguments = [script, String(cluster.port)] + (respVersion.map { [String($0)] } ?? [])
        let result = try CommandRunner.run(python, arguments, timeout: 60)
        #expect(result.succeeded, "redis_py_check.py \(result.termination):\n\(result.output)")
        #expect(result.stdout.contains("redis-py: all checks passed"), "\(result.output)")
    }

    @Test("redis-benchmark runs every test with no error")
    func redisBenchmarkWorks() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let tests = "get,set,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,lrange_100,mset"
        // redis-benchmark 7 stops at the first error reply and prints it; -r spreads the
        // keys over all shards.
        let result = try CommandRunner.run(
            "redis-benchmark",
            ["-h", "127.0.0.1", "-p", String(cluster.port), "-t", tests, "-n", "2000", "-r", "10000", "-q"],
            timeout: 120)
        #expect(result.succeeded, "\(result.output)")

        // redis-benchmark asks for CONFIG GET save/appendonly first; drover refuses CONFIG
        // by design, and redis-benchmark only warns and goes on.
        let lines = result.output.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
        let complaints = lines.filter {
            ($0.contains("ERR") || $0.lowercased().contains("error")) && !$0.contains("CONFIG")
        }
        #expect(complaints.isEmpty, "\(result.output)")

        let names = ["SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP", "SADD", "HSET", "SPOP", "ZADD",
                     "LRANGE_100 (first 100 elements)", "MSET (10 keys)"]
        for name in names {
            let printedRate = lines.contains { line in
                line.hasPrefix("\(name): ") && line.contains(" requests per second")
                    && Double(line.dropFirst(name.count + 2).prefix { $0 != " " }) != nil
            }
            #expect(printedRate, "no rate for \(name) in:\n\(result.output)")
        }
    }
}
