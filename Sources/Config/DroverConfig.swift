import Foundation

/// A whole drover configuration file, validated and with every default applied.
///
/// Any valid twemproxy `nutcracker.yml` is a valid drover config with the same meaning
/// (drover speaks only Redis, so a missing `redis:` key means Redis).
public struct DroverConfig: Sendable, Equatable {
    /// Event-loop threads (`workers`); nil means ``WorkerCount/automatic(usableCPUs:)``.
    public var workers: Int?
    /// Where stats are served (`stats_listen`).
    public var statsListen: ListenAddress
    /// The least severe level logged (`log_level`), one of swift-log's level names.
    public var logLevel: String
    /// The pools, in file order.
    public var pools: [PoolConfig]

    /// The stats listener when `stats_listen` is absent.
    public static let defaultStatsListen = ListenAddress.tcp(host: "127.0.0.1", port: 22222)
    /// The log level when `log_level` is absent.
    public static let defaultLogLevel = "info"

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - workers: Event-loop threads; nil means one per usable CPU but one.
    ///   - statsListen: Where stats are served.
    ///   - logLevel: The least severe level logged.
    ///   - pools: The pools.
    public init(workers: Int? = nil, statsListen: ListenAddress = DroverConfig.defaultStatsListen,
                logLevel: String = DroverConfig.defaultLogLevel, pools: [PoolConfig]) {
        self.workers = workers
        self.statsListen = statsListen
        self.logLevel = logLevel
        self.pools = pools
    }

    /// Reads and validates a config file.
    ///
    /// - Parameters:
    ///   - path: The file's path.
    ///   - overrides: Pool settings from the command line, applied to every pool.
    /// - Returns: The validated configuration.
    /// - Throws: ``ConfigError`` naming the file, and the line of the offending key or value.
    public static func load(path: String, overrides: [PoolOverride] = []) throws(ConfigError) -> DroverConfig {
        let yaml: String
        do {
            yaml = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(yaml: yaml, file: path, overrides: overrides)
    }

    /// Parses and validates configuration text.
    ///
    /// - Parameters:
    ///   - yaml: The file's contents.
    ///   - file: The name errors report.
    ///   - overrides: Pool settings from the command line, applied to every pool.
    /// - Returns: The validated configuration.
    /// - Throws: ``ConfigError`` with the line of the offending key or value.
    public static func parse(yaml: String, file: String = "<string>",
                             overrides: [PoolOverride] = []) throws(ConfigError) -> DroverConfig {
        try ConfigParser(yaml: yaml, file: file, overrides: overrides).parse()
    }
}
