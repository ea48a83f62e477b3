import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGHUP reloads the config without dropping a client (DESIGN.md "Operations").
@Suite("Reload")
struct ReloadTests {
    @Test("10 SIGHUPs under redis-benchmark -c 50 (a shard added, timeouts changed): nothing fails or drops",
          .timeLimit(.minutes(1)))
    func reloadUnderLoad() throws {
        let backends = try (0..<4).map { _ in try RedisServer() }
        defer { backends.forEach { $0.stop() } }
        let port = try FreePort.next()
        var pool = PoolYAML(listen: "127.0.0.1:\(port)",
                            servers: PoolYAML.servers(ports: backends.prefix(3).map(\.port), named: true))
        let drover = try DroverProcess(config: pool.yaml, listener: .tcp(port: port))
        defer { drover.stop() }
        let control = try drover.connect()
        let before = try StatsClient.info(control)

        // Runs until stopped: the reloads happen while it is busy, however fast the machine.
        let directory = try TemporaryDirectory(prefix: "bench")
        defer { directory.remove() }
        let benchmark = try ChildProcess(
            executable: "redis-benchmark",
            arguments: ["-h", "127.0.0.1", "-p", String(port), "-c", "50", "-n", "100000000", "-t", "set",
                        "-r", "100000", "-q"],
            stdoutPath: directory.path("out"), stderrPath: directory.path("err"))
        defer { benchmark.stop(signal: SIGKILL, grace: 1) }
        let connected = { Int(try StatsClient.info(control, section: "clients")["connected_clients"] ?? "") ?? 0 }
        let deadline = Date().addingTimeInterval(20)
        while try connected() < 51 && Date() < deadline { usleep(20_000) }
        // At least: a stray connection from another program probing a random port may come and go.
        let clients = try connected()
        #expect(clients >= 51, "redis-benchmark's 50 clients and this test's: \(clients)")

        for reload in 1...10 {
            pool.servers = PoolYAML.servers(ports: backends.map(\.port), named: true)  // s3 joins
            pool.timeoutMilliseconds = reload % 2 == 0 ? 2000 : 1500
            try drover.rewriteConfig(pool.yaml)
            drover.send(SIGHUP)
            #expect(try StatsClient.waitForGeneration(reload + 1, on: control) == reload + 1, "reload \(reload)")
            let clients = try connected()
            #expect(clients >= 51, "after reload \(reload), every client is still connected: \(clients)")
            usleep(100_000)  // traffic over the new configuration before the next reload
        }
        #expect(benchmark.isRunning, "redis-benchmark ended early:\n\(directory.read("out") + directory.read("err"))")
        #expect(try backends[3].client().command("DBSIZE") != .integer(0), "the new shard takes writes")
        let ended = benchmark.stop(signal: SIGINT, grace: 5)
        #expect(ended == .signaled(SIGINT), "redis-benchmark \(ended)")
        let output = (directory.read("out") + directory.read("err"))
            .split(whereSeparator: \.isNewline)
            .filter { $0.lowercased().contains("error") && !$0.contains("CONFIG") }
        #expect(output.isEmpty, "\(output.prefix(5))")

        let after = try StatsClient.info(control)
        let delta = { (field: String) in (Int(after[field] ?? "") ?? -1) - (Int(before[field] ?? "") ?? 0) }
        // 50 clients plus the one redis-benchmark opens to ask CONFIG GET. A dropped client
        // would have ended redis-benchmark ("Server closed the connection"), checked above.
        #expect(delta("total_connections_received") >= 51)
        #expect(after["backend_errors"] == "0" && after["backend_timeouts"] == "0", "\(after)")
        // The only error replies are drover refusing redis-benchmark's CONFIG GET.
        #expect(delta("total_error_replies") <= 2, "\(after)")
        #expect(after["config_generation"] == "11")

        // Placement after the reloads: nutcracker on the final config finds every key.
        let keys = (0..<2000).map { "after-reload:\($0)" }
        let stored = try control.pipeline(keys.map { ["SET", $0, "v-\($0)"] })
        #expect(stored.allSatisfy { $0 == .simple("OK") })
        let nutcrackerPort = try FreePort.next()
        var reference = pool
        reference.listen = "127.0.0.1:\(nutcrackerPort)"
        let nutcracker = try NutcrackerProcess(config: reference.yaml, port: nutcrackerPort)
        defer { nutcracker.stop() }
        let read = try nutcracker.connect().pipeline(keys.map { ["GET", $0] })
        let misplaced = zip(keys, read).filter { $1 != .bulk("v-\($0)") }.map(\.0)
        #expect(misplaced.isEmpty, "\(misplaced.count) keys not where nutcracker looks, e.g. \(misplaced.prefix(3))")
        let onNewShard = try keys.prefix(400).filter { try backends[3].client().command("EXISTS", $0) == .integer(1) }
        #expect(onNewShard.count > 40, "the ring gives s3 about a quarter of the keys, got \(onNewShard.count)/400")
    }

    @Test("a broken file: the error is logged with its line, traffic goes on, the generation stays",
          .timeLimit(.minutes(1)))
    func brokenConfig() throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let connection = try cluster.connect()
        #expect(try connection.command("SET", "k", "v") == .simple("OK"))

        var lines = cluster.pool.yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert("  tmeout: 5", at: 3)  // line 4
        try cluster.drover.rewriteConfig(lines.joined(separator: "\n"))
        // Requests in flight while the reload is refused.
        try connection.send(Array(repeating: RESPReply.encodeCommand(["GET", "k"]), count: 200).flatMap { $0 })
        cluster.drover.send(SIGHUP)
        let replies = try (0..<200).map { _ in try connection.readReply() }
        #expect(replies.allSatisfy { $0 == .bulk("v") })

        let deadline = Date().addingTimeInterval(10)
        while !cluster.drover.log.contains("reload failed") && Date() < deadline { usleep(20_000) }
        let log = cluster.drover.log
        #expect(log.contains("drover.yml:4:3: it: unknown key 'tmeout' (did you mean 'timeout'?)"), "\(log)")
        #expect(log.contains("the running configuration keeps serving"), "\(log)")

        let info = try StatsClient.info(connection, section: "server")
        #expect(info["config_generation"] == "1")
        #expect(info["config_last_reload_status"] == "failed")
        #expect(info["config_last_reload_error"]?.hasSuffix("drover.yml:4:3: it: unknown key 'tmeout' (did you mean 'timeout'?)") == true)
        #expect(try connection.command("GET", "k") == .bulk("v"))
        #expect(try cluster.connect().command("GET", "k") == .bulk("v"), "new clients too")

        // DROVER RELOAD says the same, and succeeds once the file is fixed.
        let refused = try connection.command("DROVER", "RELOAD")
        #expect(refused.isError && refused.text?.contains("generation 1 keeps serving") == true, "\(refused)")
        #expect(refused.text?.contains("drover.yml:4:3:") == true, "\(refused)")
        try cluster.drover.rewriteConfig(cluster.pool.yaml)
        #expect(try connection.command("DROVER", "RELOAD") == .simple("OK generation 2: no changes"))
        #expect(try StatsClient.info(connection, section: "server")["config_last_reload_status"] == "ok")
    }

    @Test("pools added, renamed and removed; restart-only keys are logged and kept", .timeLimit(.minutes(1)))
    func poolsComeAndGo() throws {
        let backends = try (0..<2).map { _ in try RedisServer() }
        defer { backends.forEach { $0.stop() } }
        let (portA, portB, portC) = (try FreePort.next(), try FreePort.next(), try FreePort.next())
        var a = PoolYAML(listen: "127.0.0.1:\(portA)", servers: PoolYAML.servers(ports: [backends[0].port], named: true))
        a.name = "a"
        var b = PoolYAML(listen: "127.0.0.1:\(portB)", servers: PoolYAML.servers(ports: [backends[1].port], named: true))
        b.name = "b"
        let drover = try DroverProcess(config: a.yaml + b.yaml, listener: .tcp(port: portA))
        defer { drover.stop() }
        let clientA = try RESPConnection(port: portA)
        let clientB = try RESPConnection(port: portB)
        #expect(try clientB.command("SET", "kb", "vb") == .simple("OK"))

        // A request to pool b is in flight (its backend frozen) when b is removed.
        backends[1].pause()
        try clientB.send(command: ["GET", "kb"])
        usleep(100_000)
        var c = PoolYAML(listen: "127.0.0.1:\(portC)", servers: PoolYAML.servers(ports: [backends[1].port], named: true))
        c.name = "c"
        try drover.rewriteConfig("workers: 3\n" + a.yaml.replacing("127.0.0.1:\(portA)", with: "127.0.0.1:\(portC + 1)") + c.yaml)
        drover.send(SIGHUP)
        #expect(try StatsClient.waitForGeneration(2, on: clientA) == 2)
        backends[1].resume()
        #expect(try clientB.readReply() == .bulk("vb"), "the in-flight request is answered")
        #expect(clientB.readUntilClosed(timeout: 5) == [], "then the removed pool's client is disconnected")
        #expect(throws: (any Error).self, "pool b no longer listens") { try RESPConnection(port: portB, timeout: 1) }
        #expect(try RESPConnection(port: portC).command("GET", "kb") == .bulk("vb"), "pool c serves")
        #expect(try clientA.command("PING") == .simple("PONG"), "pool a's client stays")

        let log = drover.log
        #expect(log.contains("setting=workers [Server] a changed setting needs a restart"), "\(log)")
        #expect(log.contains("setting=pool 'a' listen [Server] a changed setting needs a restart"), "\(log)")
        let pools = try StatsClient.info(clientA, section: "pools")
        #expect(pools["pool0"]?.hasPrefix("name=a,listen=127.0.0.1:\(portA),") == true, "\(pools)")
        #expect(pools["pool1"]?.hasPrefix("name=c,listen=127.0.0.1:\(portC),") == true, "\(pools)")
        #expect(pools["pool2"] == nil)

        // Renaming a pool keeps its socket: clients connect throughout.
        try drover.rewriteConfig(a.yaml + c.yaml.replacing("c:\n", with: "renamed:\n"))
        drover.send(SIGHUP)
        #expect(try StatsClient.waitForGeneration(3, on: clientA) == 3)
        #expect(try RESPConnection(port: portC).command("GET", "kb") == .bulk("vb"))
        #expect(try StatsClient.info(clientA, section: "pools")["pool1"]?.hasPrefix("name=renamed,") == true)
    }

    @Test("a blocked BLPOP survives a reload that keeps the shards, and ends with an error when they change",
          .timeLimit(.minutes(1)))
    func blockedClientsAcrossReloads() throws {
        let backends = try (0..<3).map { _ in try RedisServer() }
        defer { backends.forEach { $0.stop() } }
        let port = try FreePort.next()
        var pool = PoolYAML(listen: "127.0.0.1:\(port)",
                            servers: PoolYAML.servers(ports: backends.prefix(2).map(\.port), named: true))
        let drover = try DroverProcess(config: pool.yaml, listener: .tcp(port: port))
        defer { drover.stop() }
        let control = try drover.connect()
        let blocked = try drover.connect()

        try blocked.send(command: ["BLPOP", "queue", "0"])
        usleep(100_000)
        pool.timeoutMilliseconds = 900
        try drover.rewriteConfig(pool.yaml)
        drover.send(SIGHUP)
        #expect(try StatsClient.waitForGeneration(2, on: control) == 2)
        #expect(try control.command("RPUSH", "queue", "job-1") == .integer(1))
        #expect(try blocked.readReply() == .array([.bulk("queue"), .bulk("job-1")]), "still blocked on the same connection")

        try blocked.send(command: ["BLPOP", "queue", "0"])
        usleep(100_000)
        pool.servers = PoolYAML.servers(ports: backends.map(\.port), named: true)
        try drover.rewriteConfig(pool.yaml)
        drover.send(SIGHUP)
        #expect(try StatsClient.waitForGeneration(3, on: control) == 3)
        let ended = try blocked.readReply()
        #expect(ended.isError, "the call was on a connection to the old shards: \(ended)")
        #expect(blocked.readUntilClosed(timeout: 5) == [], "then the client is disconnected, to reconnect")
        #expect(try control.command("PING") == .simple("PONG"), "other clients stay")
    }

    @Test("DROVER GENERATION, CONFIG and RELOAD from redis-cli")
    func adminCommands() throws {
        let cluster = try Cluster(shards: 2)
        defer { cluster.stop() }
        #expect(try redisCLI(port: cluster.port, "drover", "generation").stdout == "1\n")
        let config = try redisCLI(port: cluster.port, "drover", "config").stdout
        #expect(config.contains("# generation 1, from \(cluster.drover.configPath)"), "\(config)")
        #expect(config.contains("pool 'it': listen 127.0.0.1:\(cluster.port)"), "\(config)")
        var pool = cluster.pool
        pool.timeoutMilliseconds = 700
        try cluster.drover.rewriteConfig(pool.yaml)
        let reload = try redisCLI(port: cluster.port, "drover", "reload").stdout
        #expect(reload == "OK generation 2: pool 'it': timeout, connect_timeout changed\n", "\(reload)")
        #expect(try redisCLI(port: cluster.port, "drover", "config").stdout.contains("timeout 700 ms"))
        let help = try redisCLI(port: cluster.port, "drover", "help").stdout
        #expect(help.contains("RELOAD") && help.contains("GENERATION"), "\(help)")
    }

    @Test("500 reloads leave drover's RSS flat: a replaced pool's snapshot is freed", .timeLimit(.minutes(2)))
    func reloadsDoNotLeak() throws {
        let cluster = try Cluster(shards: 2)
        defer { cluster.stop() }
        let connection = try cluster.connect()
        var pool = cluster.pool
        func reload(_ times: Int) throws {
            for i in 0..<times {
                // Each reload changes the pool, so its snapshot (and health watch) is replaced.
                pool.timeoutMilliseconds = 700 + 100 * (i % 2)
                try cluster.drover.rewriteConfig(pool.yaml)
                let reply = try connection.command("DROVER", "RELOAD")
                #expect(reply.text?.hasPrefix("OK generation") == true, "\(reply)")
                #expect(try connection.command("GET", "k\(i)") == .null)
            }
        }
        try reload(100)  // allocator and caches warm
        let before = try #require(ProcessStats.residentBytes(cluster.drover.pid))
        try reload(500)
        let after = try #require(ProcessStats.residentBytes(cluster.drover.pid))
        // Each replaced snapshot used to stay alive (about 4 KB a reload: 2 MB here).
        #expect(after - before < 1 << 20, "RSS grew \((after - before) / 1024) KiB over 500 reloads")
    }
}
