import ArgumentParser
import Backend
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

    @Option(name: .customLong("pool-option"),
            help: "KEY=VALUE: set a pool setting in every pool, the value in YAML (herd_timeout=10, 'compression={min_size: 1024}'). Repeatable.")
    var poolOptions: [String] = []

    @Option(name: .customLong("loop-option"),
            help: "KEY=VALUE: how the event loops wait, read and write, for measuring alternatives (wait=block|poll, batch=N, reads=once|drain, backend_writes=per_turn|per_client, qos=default|user_interactive|...). Repeatable.")
    var loopOptions: [String] = []

    /// Reads the config file with the command line's overrides; a reload calls it again.
    static func load(path: String, statsListen: String?, workers: Int?, poolOptions: [String]) throws -> DroverConfig {
        let overrides = try poolOptions.map { text throws(ConfigError) in try PoolOverride(parsing: text) }
        var loaded = try DroverConfig.load(path: path, overrides: overrides)
        if let statsListen { loaded.statsListen = try ListenAddress(parsing: statsListen) }
        if let workers {
            guard (1...1024).contains(workers) else { throw ValidationError("--workers must be 1 to 1024") }
            loaded.workers = workers
        }
        return loaded
    }

    func run() throws {
        let loaded: DroverConfig
        var loop = LoopOptions()
        do {
            for option in loopOptions { try loop.apply(option) }
            loaded = try Self.load(path: config, statsListen: statsListen, workers: workers, poolOptions: poolOptions)
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
        let levelControl = LogLevelControl(level)
        LoggingSystem.bootstrap { label in ControlledLogHandler(label: label, control: levelControl) }
        let logger = Logger(label: "drover")
        FileLimit.raise(for: loaded, logger: logger)
        let (path, statsListen, workers, poolOptions) = (config, statsListen, workers, poolOptions)
        // --log-level pins the level; otherwise each reload applies the file's log_level.
        let options = ServerOptions(configFile: config, logLevel: logLevel == nil ? levelControl : nil, loop: loop) {
            try Self.load(path: path, statsListen: statsListen, workers: workers, poolOptions: poolOptions)
        }
        let server: DroverServer
        do {
            server = try DroverServer(config: loaded, logger: logger, options: options)
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
