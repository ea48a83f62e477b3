import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A drover started on a config written to a temp folder; its stderr goes to a file
/// that failure messages quote.
final class DroverProcess {
    /// Where drover accepts clients.
    enum Listener {
        case tcp(port: Int)
        case unix(path: String)
    }

    /// The listener it was told to open (and is polled on for readiness).
    let listener: Listener
    /// The config file it runs on.
    let configPath: String
    /// The port of its stats endpoint (`/metrics`, `/stats`).
    let statsPort: Int
    private let directory: TemporaryDirectory
    private let process: ChildProcess
    private var stopped: ChildProcess.Termination?

    /// Writes `config`, starts drover on it and waits until `listener` answers PING.
    /// - Parameters:
    ///   - config: the YAML text.
    ///   - listener: the listener that `config` declares.
    ///   - arguments: more command-line flags.
    ///   - directory: folder for the config and log (a new one if nil); removed by ``stop(signal:)``.
    ///   - environment: more environment variables (e.g. `NOTIFY_SOCKET`).
    init(config: String, listener: Listener, arguments: [String] = [], directory: TemporaryDirectory? = nil,
         environment: [String: String] = [:]) throws {
        let binary = try TestEnvironment.droverBinary()
        let directory = try directory ?? TemporaryDirectory(prefix: "drover")
        self.directory = directory
        self.listener = listener
        configPath = try directory.write(config, to: "drover.yml")
        let statsPort = try FreePort.next()
        self.statsPort = statsPort
        process = try ChildProcess(
            executable: binary,
            arguments: ["--config", configPath, "--stats-listen", "127.0.0.1:\(statsPort)"] + arguments,
            stdoutPath: directory.path("drover.out"), stderrPath: directory.path("drover.err"),
            environment: environment)
        let ready = waitUntilAnswering(process: process, timeout: 15) { try self.connect(timeout: 1) }
        guard ready else {
            let state = process.termination.map { "it \($0)" } ?? "it is still running"
            process.stop(signal: SIGKILL)
            let log = self.log
            directory.remove()
            throw HarnessError("drover did not answer PING on \(listener) within 15 s (\(state)); "
                + "config:\n\(config)\nits output:\n\(log)")
        }
    }

    deinit {
        if stopped == nil { stop() }
    }

    /// Everything drover wrote to stdout and stderr so far.
    var log: String {
        directory.read("drover.out") + directory.read("drover.err")
    }

    /// How drover ended, or nil while it runs.
    var termination: ChildProcess.Termination? { process.termination }

    /// drover's process id.
    var pid: pid_t { process.pid }

    /// Sends `signal` (SIGHUP to reload) without waiting for anything.
    func send(_ signal: Int32) {
        process.send(signal)
    }

    /// Replaces the config file's contents (a reload reads them).
    func rewriteConfig(_ text: String) throws {
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// A new client connection to drover's listener.
    func connect(timeout: Double = 10) throws -> RESPConnection {
        switch listener {
        case .tcp(let port): try RESPConnection(port: port, timeout: timeout)
        case .unix(let path): try RESPConnection(unixPath: path, timeout: timeout)
        }
    }

    /// Stops drover with `signal` (SIGKILL after 10 s) and records an issue, quoting its
    /// log, unless it exited with status 0 as DESIGN.md requires.
    /// - Returns: how it ended.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, sourceLocation: SourceLocation = #_sourceLocation) -> ChildProcess.Termination {
        if let stopped { return stopped }
        let wasRunning = process.isRunning
        let termination = process.stop(signal: signal, grace: 10)
        if termination != .exited(0) {
            let how = wasRunning ? "after signal \(signal)" : "before it was told to stop"
            Issue.record("drover \(termination) \(how); its output:\n\(log.suffix(8000))",
                         sourceLocation: sourceLocation)
        }
        stopped = termination
        directory.remove()
        return termination
    }

    /// Runs `drover --test-config --config path` and returns what it printed.
    static func testConfig(path: String) throws -> CommandResult {
        try CommandRunner.run(try TestEnvironment.droverBinary(), ["--config", path, "--test-config"], timeout: 30)
    }
}
