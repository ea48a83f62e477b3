import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Debian's `nutcracker` (twemproxy), the reference for key placement.
final class NutcrackerProcess {
    /// The port its pool listens on.
    let port: Int
    private let directory: TemporaryDirectory
    private let process: ChildProcess

    /// Writes `config`, starts nutcracker and waits until `port` answers PING.
    /// - Parameters:
    ///   - config: a nutcracker.yml whose pool listens on 127.0.0.1:`port`.
    ///   - port: that port.
    init(config: String, port: Int) throws {
        self.port = port
        directory = try TemporaryDirectory(prefix: "nutcracker")
        let configPath = try directory.write(config, to: "nutcracker.yml")
        let statsPort = try FreePort.next()
        process = try ChildProcess(
            executable: "nutcracker",
            arguments: ["-c", configPath, "-s", String(statsPort), "-a", "127.0.0.1",
                        "-o", directory.path("nutcracker.log"), "-v", "4"],
            stdoutPath: directory.path("nutcracker.out"), stderrPath: directory.path("nutcracker.err"))
        guard waitUntilAnswering(port: port, process: process, timeout: 10) else {
            process.stop(signal: SIGKILL)
            let log = directory.read("nutcracker.log") + directory.read("nutcracker.err")
            directory.remove()
            throw HarnessError("nutcracker did not answer PING on \(port); config:\n\(config)\nlog:\n\(log)")
        }
    }

    deinit {
        stop()
    }

    /// A new client connection.
    func connect() throws -> RESPConnection {
        try RESPConnection(port: port)
    }

    /// SIGTERM, then SIGKILL after 5 s.
    func stop() {
        guard process.isRunning else { return }
        process.stop(signal: SIGTERM, grace: 5)
        directory.remove()
    }
}
