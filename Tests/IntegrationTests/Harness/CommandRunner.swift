import Foundation

/// What a finished command printed and how it ended.
struct CommandResult {
    /// How the process ended.
    let termination: ChildProcess.Termination
    /// Everything it wrote to standard output.
    let stdout: String
    /// Everything it wrote to standard error.
    let stderr: String

    /// True when it exited with status 0.
    var succeeded: Bool { termination == .exited(0) }

    /// Both streams, for messages and for searching.
    var output: String { stdout + stderr }
}

/// Runs short-lived programs (redis-cli, redis-benchmark, python, drover --test-config).
enum CommandRunner {
    /// Runs `executable` to completion.
    /// - Parameters:
    ///   - executable: program name (looked up in PATH) or path.
    ///   - arguments: its arguments.
    ///   - stdin: text fed to its standard input, if any.
    ///   - timeout: seconds before it is killed and an error thrown.
    static func run(
        _ executable: String, _ arguments: [String], stdin: String? = nil, timeout: Double = 60
    ) throws -> CommandResult {
        let directory = try TemporaryDirectory(prefix: "cmd")
        defer { directory.remove() }
        let stdinPath = try stdin.map { try directory.write($0, to: "stdin") } ?? "/dev/null"
        let process = try ChildProcess(
            executable: executable, arguments: arguments, stdinPath: stdinPath,
            stdoutPath: directory.path("stdout"), stderrPath: directory.path("stderr"))
        guard let termination = process.wait(timeout: timeout) else {
            process.stop(signal: SIGKILL, grace: 5)
            throw HarnessError(
                "\(process.commandLine) did not finish within \(timeout) s; output so far:\n"
                    + directory.read("stdout") + directory.read("stderr"))
        }
        return CommandResult(
            termination: termination, stdout: directory.read("stdout"), stderr: directory.read("stderr"))
    }
}

/// Runs `redis-cli -h 127.0.0.1 -p port arguments...`.
/// - Parameter stdin: text for its standard input (e.g. with `--pipe`).
func redisCLI(port: Int, _ arguments: String..., stdin: String? = nil) throws -> CommandResult {
    try CommandRunner.run("redis-cli", ["-h", "127.0.0.1", "-p", String(port)] + arguments, stdin: stdin)
}
