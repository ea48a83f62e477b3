import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Running drover as a service: systemd notifications, graceful stop, stats.
@Suite("Operations")
struct OperationsTests {
    @Test("NOTIFY_SOCKET gets READY=1, RELOADING=1 + MONOTONIC_USEC and READY=1 around a reload, STOPPING=1",
          .timeLimit(.minutes(1)))
    func systemdNotify() throws {
        let backend = try RedisServer()
        defer { backend.stop() }
        let directory = try TemporaryDirectory(prefix: "notify")
        defer { directory.remove() }
        let socketPath = directory.path("notify.sock")
        let listener = try DatagramListener(path: socketPath)
        let port = try FreePort.next()
        let pool = PoolYAML(listen: "127.0.0.1:\(port)", servers: PoolYAML.servers(ports: [backend.port], named: true))
        let drover = try DroverProcess(config: pool.yaml, listener: .tcp(port: port),
                                       environment: ["NOTIFY_SOCKET": socketPath])

        let ready = try listener.receive()
        #expect(ready.hasPrefix("READY=1\n"), "\(ready)")
        #expect(ready.contains("STATUS=serving 1 pool, configuration generation 1"), "\(ready)")

        drover.send(SIGHUP)
        let reloading = try listener.receive()
        let fields = Dictionary(reloading.split(separator: "\n").map {
            (String($0.prefix { $0 != "=" }), String($0.drop { $0 != "=" }.dropFirst()))
        }, uniquingKeysWith: { a, _ in a })
        #expect(fields["RELOADING"] == "1", "\(reloading)")
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let micros = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
        let stamped = Int64(fields["MONOTONIC_USEC"] ?? "") ?? 0
        #expect(stamped <= micros && micros - stamped < 10_000_000, "MONOTONIC_USEC=\(stamped), now \(micros)")
        let readyAgain = try listener.receive()
        #expect(readyAgain.hasPrefix("READY=1\n") && readyAgain.contains("generation 2"), "\(readyAgain)")

        #expect(drover.stop() == .exited(0))
        let stopping = try listener.receive()
        #expect(stopping.hasPrefix("STOPPING=1\n"), "\(stopping)")
    }

    @Test("SIGTERM: no new clients, the request in flight is answered, then exit 0", .timeLimit(.minutes(1)))
    func gracefulStop() throws {
        let cluster = try Cluster(shards: 1)
        defer { cluster.stop() }
        let connection = try cluster.connect()
        #expect(try connection.command("SET", "k", "v") == .simple("OK"))

        cluster.shards[0].pause()
        try connection.send(command: ["GET", "k"])
        usleep(100_000)
        cluster.drover.send(SIGTERM)
        usleep(300_000)
        #expect(throws: (any Error).self, "the listener is closed") { try cluster.connect(timeout: 1) }
        #expect(cluster.drover.termination == nil, "still draining")
        cluster.shards[0].resume()
        #expect(try connection.readReply() == .bulk("v"), "the in-flight request finishes")
        #expect(connection.readUntilClosed(timeout: 5) == [])
        #expect(cluster.drover.stop() == .exited(0))
    }

    @Test("INFO (redis-py), /metrics (prometheus_client) and /stats agree and move with traffic",
          .timeLimit(.minutes(1)))
    func statsEndpoints() throws {
        let python = try TestEnvironment.python()
        let cluster = try Cluster()
        defer { cluster.stop() }
        let script = TestEnvironment.pythonScripts.appendingPathComponent("stats_check.py").path
        let result = try CommandRunner.run(python, [script, String(cluster.port), String(cluster.drover.statsPort), "25"],
                                           timeout: 60)
        #expect(result.succeeded, "stats_check.py \(result.termination):\n\(result.output)")
        #expect(result.stdout.contains("stats: all checks passed"), "\(result.output)")

        // The metric names are an interface: exactly those README documents.
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("families: ") } ?? ""
        let exposed = Set(line.dropFirst("families: ".count).split(separator: ",").map(String.init))
        let readme = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let documented = Set(readme.split(separator: "\n").compactMap { row -> String? in
            guard row.hasPrefix("| `drover_") else { return nil }
            return String(row.dropFirst(3).prefix { $0 != "`" })
        })
        #expect(!exposed.isEmpty && exposed == documented,
                "exposed but not in README: \(exposed.subtracting(documented)); documented but not exposed: \(documented.subtracting(exposed))")

        let missing = try StatsClient.get(port: cluster.drover.statsPort, path: "/nope")
        #expect(missing.status == 404)
    }

    @Test("a backend going down and up is logged once each, not once per request", .timeLimit(.minutes(1)))
    func backendEventsAreLoggedOnce() throws {
        let cluster = try Cluster(shards: 1) { $0.extraLines = ["preconnect: true"] }
        defer { cluster.stop() }
        let connection = try cluster.connect()
        #expect(try connection.command("SET", "k", "v") == .simple("OK"))
        let port = cluster.shards[0].port
        cluster.shards[0].stop()
        for _ in 0..<50 { _ = try connection.command("GET", "k") }
        let log = cluster.drover.log
        let downLines = log.split(separator: "\n").filter { $0.contains("backend down") }
        #expect(downLines.count >= 1 && downLines.count <= 2, "one per worker at most:\n\(log)")
        let info = try StatsClient.info(connection, section: "servers")
        #expect(info["server0"]?.contains("address=127.0.0.1:\(port),state=down,") == true, "\(info)")
        #expect(!log.contains("GET"), "no line per request")
    }

    @Test("systemd/drover.service passes systemd-analyze verify; make install puts binary, config and unit in place",
          .timeLimit(.minutes(1)))
    func systemdUnitAndInstall() throws {
        let root = TestEnvironment.packageRoot
        let unit = try String(contentsOf: root.appendingPathComponent("systemd/drover.service"), encoding: .utf8)
        let keys = Dictionary(unit.split(separator: "\n").filter { $0.contains("=") && !$0.hasPrefix("#") }.map {
            (String($0.prefix { $0 != "=" }), String($0.drop { $0 != "=" }.dropFirst()))
        }, uniquingKeysWith: { a, _ in a })
        let expected = [
            "Type": "notify", "ExecReload": "/bin/kill -HUP $MAINPID", "NoNewPrivileges": "yes",
            "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes", "DynamicUser": "yes",
            "RuntimeDirectory": "drover", "WantedBy": "multi-user.target",
        ]
        for (key, value) in expected { #expect(keys[key] == value, "\(key)=\(keys[key] ?? "missing")") }
        #expect(keys["ExecStart"]?.hasPrefix("/usr/local/bin/drover --config /etc/drover/drover.yml") == true)
        #expect(Int(keys["LimitNOFILE"] ?? "") ?? 0 >= 65_536)

        let directory = try TemporaryDirectory(prefix: "install")
        defer { directory.remove() }
        let destination = directory.path("root")
        let binary = try TestEnvironment.droverBinary()
        let install = try CommandRunner.run("make", ["-C", root.path, "install", "DESTDIR=\(destination)",
                                                     "PREFIX=/opt/drover", "RELEASE_BIN=\(binary)"], timeout: 60)
        #expect(install.succeeded, "\(install.output)")
        let files = FileManager.default
        #expect(files.isExecutableFile(atPath: destination + "/opt/drover/bin/drover"))
        #expect(files.fileExists(atPath: destination + "/etc/drover/drover.yml"))
        let installed = try String(contentsOfFile: destination + "/opt/drover/lib/systemd/system/drover.service",
                                   encoding: .utf8)
        #expect(installed.contains("ExecStart=/opt/drover/bin/drover --config /etc/drover/drover.yml"), "\(installed)")

        // systemd-analyze checks every key and that ExecStart exists, so point it at the binary.
        guard files.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else { return }
        let checked = directory.path("drover.service")
        try unit.replacing("/usr/local/bin/drover", with: binary).write(toFile: checked, atomically: true, encoding: .utf8)
        let verify = try CommandRunner.run("systemd-analyze", ["verify", checked], timeout: 30)
        #expect(verify.succeeded && verify.output.isEmpty, "systemd-analyze verify:\n\(verify.output)")
    }
}

/// A Unix datagram socket bound at a path, standing in for systemd's notify socket.
final class DatagramListener {
    private let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw HarnessError("bind \(path): \(String(cString: strerror(errno)))") }
        var time = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// The next datagram, as text.
    func receive() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw HarnessError("no notification within 15 s") }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
