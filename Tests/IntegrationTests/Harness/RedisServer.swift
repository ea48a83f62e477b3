import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throw-away `redis-server` on 127.0.0.1 without persistence.
final class RedisServer {
    /// The port it listens on.
    let port: Int
    private var process: ChildProcess
    private let directory: TemporaryDirectory
    /// More `redis-server` arguments, kept for ``restart()``.
    private let extraArguments: [String]

    /// Starts a server on a free port and waits until it answers PING.
    /// - Parameter arguments: more `redis-server` arguments (`--replicaof host port`, ...).
    /// - Throws: ``HarnessError`` if it cannot be started on any of a few ports.
    init(arguments: [String] = []) throws {
        var lastError = "not started"
        extraArguments = arguments
        for _ in 0..<5 {
            let port = try FreePort.next()
            let directory = try TemporaryDirectory(prefix: "redis")
            let process = try Self.spawn(port: port, directory: directory, arguments: arguments)
            if waitUntilAnswering(port: port, process: process, timeout: 10) {
                self.port = port
                self.process = process
                self.directory = directory
                return
            }
            process.stop(signal: SIGKILL)
            lastError = directory.read("redis.log") + directory.read("redis.err")
            directory.remove()
        }
        throw HarnessError("redis-server would not start; its last log:\n\(lastError)")
    }

    deinit {
        stop()
    }

    private static func spawn(port: Int, directory: TemporaryDirectory, arguments: [String]) throws -> ChildProcess {
        try ChildProcess(
            executable: "redis-server",
            arguments: [
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", directory.url.path,
            ] + arguments,
            stdoutPath: directory.path("redis.log"), stderrPath: directory.path("redis.err"))
    }

    /// Kills the server with SIGKILL, as a crash would: no goodbye to its clients. A paused
    /// server dies without running again first (no SIGCONT before).
    func kill() {
        process.send(SIGKILL)
        process.wait(timeout: 10)
    }

    /// Starts the server again on the same port (empty: there is no persistence), after
    /// ``kill()``, and waits until it answers PING.
    func restart() throws {
        if process.isRunning { kill() }
        for _ in 0..<50 {
            let started = try Self.spawn(port: port, directory: directory, arguments: extraArguments)
            if waitUntilAnswering(port: port, process: started, timeout: 10) {
                process = started
                return
            }
            started.stop(signal: SIGKILL)
            usleep(100_000)  // the port may still be held for a moment
        }
        throw HarnessError("redis-server would not restart on port \(port)")
    }

    /// A direct hiredis connection to this server.
    func client() throws -> BackendClient {
        try BackendClient(port: port)
    }

    /// Freezes the server with SIGSTOP: connections stay open, nothing is answered.
    func pause() {
        process.send(SIGSTOP)
    }

    /// Undoes ``pause()``.
    func resume() {
        process.send(SIGCONT)
    }

    /// `SHUTDOWN NOSAVE`, then SIGKILL if it is still running a moment later.
    func stop() {
        guard process.isRunning else {
            directory.remove()
            return
        }
        resume()
        if let connection = try? RESPConnection(port: port, timeout: 1) {
            _ = try? connection.send(command: ["SHUTDOWN", "NOSAVE"])
            _ = connection.readUntilClosed(timeout: 1)
        }
        if process.wait(timeout: 2) == nil {
            process.stop(signal: SIGKILL)
        }
        directory.remove()
    }
}

/// Polls `port` with PING until it answers +PONG, `process` ends, or `timeout` passes.
func waitUntilAnswering(port: Int, process: ChildProcess, timeout: Double) -> Bool {
    waitUntilAnswering(process: process, timeout: timeout) { try RESPConnection(port: port, timeout: 1) }
}

/// Polls with PING over connections from `connect` until one answers +PONG,
/// `process` ends, or `timeout` passes.
func waitUntilAnswering(process: ChildProcess, timeout: Double, connect: () throws -> RESPConnection) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline && process.isRunning {
        if let connection = try? connect(), (try? connection.command("PING")) == .simple("PONG") {
            return true
        }
        usleep(20_000)
    }
    return false
}
