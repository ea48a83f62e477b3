import Yams

/// A pool setting given on the command line (`--pool-option KEY=VALUE`), applied to every
/// pool after the file's own settings, as if each pool's mapping ended with `KEY: VALUE`.
///
/// It lets a fixed config (a benchmark's generated twemproxy pool) be run with drover's own
/// keys switched on: `--pool-option herd_timeout=10`,
/// `--pool-option 'compression={min_size: 1024, level: 6}'`.
public struct PoolOverride: Sendable, Equatable {
    /// The pool setting's name (`herd_timeout`, `compression`, ...).
    public let key: String
    /// Its value as YAML text (a scalar, or a flow mapping such as `{min_size: 1024}`).
    public let value: String

    /// Reads `KEY=VALUE`.
    ///
    /// - Throws: ``ConfigError`` if there is no `=`, or the key is not a pool setting.
    public init(parsing text: String) throws(ConfigError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw ConfigError(file: Self.origin, message: "'\(text)' is not KEY=VALUE")
        }
        key = String(text[..<equals]).trimmingSpaces()
        value = String(text[text.index(after: equals)...])
        guard Settings.poolRules.rule(named: key) != nil else {
            throw ConfigError(file: Self.origin, message: "unknown pool setting '\(key)'"
                + Suggestion.didYouMean(key, among: Settings.poolRules.names))
        }
    }

    /// Where errors say the setting came from.
    static let origin = "--pool-option"

    /// Reads the setting into a pool being built.
    func apply(to draft: inout PoolDraft) throws(ConfigError) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: value)
        } catch {
            throw ConfigError(file: Self.origin, message: "\(key): invalid YAML value '\(value)'")
        }
        guard let node, let rule = Settings.poolRules.rule(named: key) else {
            throw ConfigError(file: Self.origin, message: "\(key): a value is required")
        }
        try rule.read(YAMLValue(node: node, file: Self.origin, path: "\(draft.pool.name).\(key)"), &draft)
    }
}

private extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
