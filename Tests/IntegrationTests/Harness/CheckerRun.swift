import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `scripts/checker.py` running its verified load against a proxy in the background.
final class CheckerRun {
    /// What the checker reported (its `--json` file).
    struct Report: Decodable {
        struct Totals: Decodable { let ok, miss, wrong, error: Int }
        struct Shard: Decodable {
            let ok, miss, wrong, error: Int
            let first_error: Double?
            let last_error: Double?
            let error_samples: [String]
            let wrong_samples: [String]
            let errors_by_command: [String: Int]
        }
        let started: Double
        let totals: Totals
        let shards: [String: Shard]

        func shard(_ name: String) -> Shard {
            shards[name] ?? Shard(ok: 0, miss: 0, wrong: 0, error: 0, first_error: nil, last_error: nil,
                                  error_samples: [], wrong_samples: [], errors_by_command: [:])
        }
    }

    private let process: ChildProcess
    private let directory: TemporaryDirectory
    private let duration: Double

    /// Starts the checker on `port` and returns once its timed load has begun.
    /// - Parameter arguments: more checker flags (`--shard name=host:port`, `--clients`, ...).
    init(port: Int, duration: Double, arguments: [String]) throws {
        directory = try TemporaryDirectory(prefix: "checker")
        self.duration = duration
        let script = TestEnvironment.packageRoot.appendingPathComponent("scripts/checker.py").path
        process = try ChildProcess(
            executable: try TestEnvironment.python(),
            arguments: [script, "--port", String(port), "--duration", String(duration),
                        "--json", directory.path("report.json")] + arguments,
            stdoutPath: directory.path("out"), stderrPath: directory.path("err"))
        let deadline = Date().addingTimeInterval(30)
        while !directory.read("out").contains("load started") {
            guard process.isRunning, Date() < deadline else {
                let output = directory.read("out") + directory.read("err")
                process.stop(signal: SIGKILL)
                throw HarnessError("the checker did not start its load; its output:\n\(output)")
            }
            usleep(20_000)
        }
    }

    /// Waits for the checker to finish and returns its report.
    func finish() throws -> Report {
        guard process.wait(timeout: duration + 60) != nil else {
            process.stop(signal: SIGKILL)
            throw HarnessError("the checker did not finish")
        }
        summary = output
        defer { directory.remove() }
        guard let data = FileManager.default.contents(atPath: directory.path("report.json")) else {
            throw HarnessError("the checker wrote no report; its output:\n\(directory.read("out"))\(directory.read("err"))")
        }
        return try JSONDecoder().decode(Report.self, from: data)
    }

    /// What the checker printed so far.
    var output: String { directory.read("out") + directory.read("err") }

    /// What the checker printed, once finished (its summary), for failure messages.
    private(set) var summary = ""
}
