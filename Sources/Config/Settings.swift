/// drover's settings table: every key the config file accepts, with its type, default and
/// whether SIGHUP applies it (pgbouncer-style).
///
/// The parser reads keys through this same table, so a key is documented exactly when it
/// is accepted.
public enum Settings {
    /// Every setting: top level, then pool keys (twemproxy's first), `compression.*`, `shards[].*`.
    public static var all: [Setting] {
        globalRules.rules.map(\.setting) + poolRules.rules.map(\.setting)
            + compressionRules.rules.map(\.setting) + shardRules.rules.map(\.setting)
    }

    /// The settings table as Markdown, for the README.
    ///
    /// - Returns: A table with one row per setting: key, where it goes, type, default, how a
    ///   change applies, and what it does.
    public static func markdownTable() -> String {
        var lines = [
            "| key | where | type | default | applied by | description |",
            "|---|---|---|---|---|---|",
        ]
        for setting in all {
            let origin = setting.fromTwemproxy ? " (twemproxy)" : ""
            let cells = ["`\(setting.qualifiedName)`", setting.scope.rawValue + origin, setting.type,
                         setting.defaultValue, setting.apply.rawValue, setting.summary]
            lines.append("| " + cells.map { $0.replacing("|", with: "\\|") }
                .joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
