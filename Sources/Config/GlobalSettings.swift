/// The top-level settings being read.
struct GlobalDraft {
    var workers: Int?
    var statsListen = GlobalDraft.defaultStatsListen
    var statsListenValue: YAMLValue?
    var logLevel = GlobalDraft.defaultLogLevel

    static let defaultStatsListen = DroverConfig.defaultStatsListen
    static let defaultLogLevel = DroverConfig.defaultLogLevel
}

/// Log levels, by swift-log's names.
enum LogLevelName: String, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}

extension Settings {
    /// The top-level keys; every other top-level key names a pool.
    static let globalRules = RuleSet<GlobalDraft>([
        SettingRule("workers", .global, type: "integer ≥ 1", default: "usable CPUs − 1 (at least 1)", apply: .restart,
                    "Event-loop threads; each owns its clients and its own backend connections.") { value, draft throws(ConfigError) in
            draft.workers = try value.integer(1...1024)
        },
        SettingRule("stats_listen", .global, type: "`host:port` or `/path [mode]`",
                    default: GlobalDraft.defaultStatsListen.description, apply: .restart,
                    "Where Prometheus metrics (`/metrics`) and the JSON stats snapshot are served.") { value, draft throws(ConfigError) in
            draft.statsListen = try value.parse(expecting: "'host:port' or a Unix socket path", ListenAddress.parse)
            draft.statsListenValue = value
        },
        SettingRule("log_level", .global, type: LogLevelName.allCases.map(\.rawValue).joined(separator: ", "),
                    default: GlobalDraft.defaultLogLevel, "The least severe level logged.") { value, draft throws(ConfigError) in
            draft.logLevel = try value.choice(LogLevelName.self).rawValue
        },
    ])
}
