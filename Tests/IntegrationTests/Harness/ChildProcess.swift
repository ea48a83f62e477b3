import CSystem
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, stopped and reaped by PID.
///
/// Foundation's `Process` is avoided on purpose: under Swift Testing the test process may
/// have SIGTERM blocked, a child inherits that mask, and `Process.terminate()` then hangs.
/// Here the child gets an empty signal mask and default dispositions, and its own process
/// group, so a Ctrl-C in the terminal reaches only the test runner, which cleans up.
final class ChildProcess {
    /// The child's process id.
    let pid: pid_t
    /// What was run, for messages.
    let commandLine: String
    private var reapedStatus: Int32?

    /// How the process ended.
    enum Termination: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signaled(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// Starts `executable` (looked up in PATH if it has no slash).
    /// - Parameters:
    ///   - executable: program name or path.
    ///   - arguments: arguments after the program name.
    ///   - stdinPath: file connected to standard input (default `/dev/null`).
    ///   - stdoutPath: file that receives standard output (created or truncated).
    ///   - stderrPath: file that receives standard error (created or truncated).
    ///   - environment: variables set for the child on top of the test process's own.
    init(
        executable: String, arguments: [String], stdinPath: String = "/dev/null",
        stdoutPath: String, stderrPath: String, environment: [String: String] = [:]
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Nothing else of the test process's: its sockets are not close-on-exec, and tests
        // run in parallel, so a child would otherwise start holding thousands of other
        // tests' connections (past a `prlimit --nofile=64`, and keeping them open after the
        // test closes its end).
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var cArgv = argv + [nil]
        var childPID = pid_t()
        var inherited = ProcessInfo.processInfo.environment
        inherited.merge(environment) { _, new in new }
        let envp = inherited.map { strdup("\($0.key)=\($0.value)") }
        defer { envp.forEach { free($0) } }
        var cEnvp = envp + [nil]
        let result = posix_spawnp(&childPID, executable, &actions, &attributes, &cArgv, &cEnvp)
        commandLine = ([executable] + arguments).joined(separator: " ")
        guard result == 0 else {
            throw HarnessError("cannot start \(commandLine): \(String(cString: strerror(result)))")
        }
        pid = childPID
    }

    /// How the process ended, or nil while it runs. Reaps it when it has ended.
    var termination: Termination? {
        if reapedStatus == nil {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                reapedStatus = status
            }
        }
        guard let status = reapedStatus else { return nil }
        // WIFEXITED/WEXITSTATUS/WTERMSIG are macros Swift cannot import.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// True while the process has not ended.
    var isRunning: Bool { termination == nil }

    /// Sends `signal` unless the process has already been reaped.
    func send(_ signal: Int32) {
        guard reapedStatus == nil else { return }
        kill(pid, signal)
    }

    /// Waits up to `timeout` seconds for the process to end.
    /// - Returns: how it ended, or nil if it is still running.
    @discardableResult
    func wait(timeout: Double) -> Termination? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let termination { return termination }
            if Date() >= deadline { return nil }
            usleep(5_000)
        }
    }

    /// Sends `signal`, waits `grace` seconds, then SIGKILLs; always reaps.
    /// - Returns: how the process ended.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, grace: Double = 5) -> Termination {
        if let termination { return termination }
        send(SIGCONT)  // a SIGSTOPped process would not act on SIGTERM
        send(signal)
        if let ended = wait(timeout: grace) { return ended }
        send(SIGKILL)
        return wait(timeout: 10) ?? .signaled(SIGKILL)
    }

    deinit {
        if reapedStatus == nil {
            stop(signal: SIGKILL, grace: 5)
        }
    }
}
