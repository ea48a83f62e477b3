import ArgumentParser
import Config
import DroverCore
import Dispatch
import Glibc
import Logging
import Server

/// drover's version, printed by `--version` and INFO.
let droverVersion = DroverVersion.string

/// `drover --config FILE`: parse flags, load the config, run the server until a signal.
struct DroverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drover",
        abstract: "A sharding, caching proxy for Redis (twemproxy-compatible configuration).",
        version: droverVersion)

    @Option(name: [.short, .long], help: "The YAML config file (a nutcracker.yml works as it is).")
    var config: String

    @Flag(name: [.customShort("t"), .customLong("test-config")],
          help: "Check the config file, print what it means, and exit (0 = valid).")
    var testConfig = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (overrides log_level).")
    var logLevel: String?

    @Option(name: .customLong("stats-listen"), help: "HOST:PORT of the stats endpoint (overrides stats_listen).")
    var statsListen: String?

    @Option(name: .customLong("workers"), help: "Number of event-loop threads (overrides workers).")
    var workers: Int?

    func run() throws {
        var loaded: DroverConfig
        do {
            loaded = try DroverConfig.load(path: config)
            if let statsListen { loaded.statsListen = try ListenAddress(parsing: statsListen) }
            if let workers {
                guard (1...1024).contains(workers) else { throw ValidationError("--workers must be 1 to 1024") }
                loaded.workers = workers
            }
        } catch {
            printError("drover: \(error)")
            throw ExitCode(1)
        }
        if testConfig {
            print(loaded.summary())
            print("drover: configuration file '\(config)' syntax is ok")
            return
        }
        let levelName = logLevel ?? loaded.logLevel
        guard let level = Logger.Level(rawValue: levelName) else {
            printError("drover: unknown log level '\(levelName)'")
            throw ExitCode(1)
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "drover")
        FileLimit.raise(for: loaded, logger: logger)
        let server: DroverServer
        do {
            server = try DroverServer(config: loaded, logger: logger)
            try server.start()
        } catch {
            logger.critical("cannot start", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        let signals = SignalHandling(server: server, logger: logger)
        signals.install()
        // Park the main thread: valgrind cannot run dispatchMain(), and nothing here
        // needs the main queue.
        while true { sleep(3600) }
    }
}

func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
