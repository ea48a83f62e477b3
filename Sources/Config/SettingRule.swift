/// A ``Setting`` with the code that reads its value into a draft being built.
struct SettingRule<Draft>: Sendable {
    typealias Reader = @Sendable (YAMLValue, inout Draft) throws(ConfigError) -> Void

    let setting: Setting
    let read: Reader

    init(_ name: String, _ scope: Setting.Scope, type: String, default defaultValue: String,
         apply: Setting.Apply = .reload, twemproxy: Bool = false, _ summary: String,
         read: @escaping Reader) {
        setting = Setting(name: name, scope: scope, type: type, defaultValue: defaultValue,
                          apply: apply, fromTwemproxy: twemproxy, summary: summary)
        self.read = read
    }
}

/// The rules of one scope, applied to a mapping's keys; any other key is an error.
struct RuleSet<Draft>: Sendable {
    let rules: [SettingRule<Draft>]
    private let byName: [String: SettingRule<Draft>]

    init(_ rules: [SettingRule<Draft>]) {
        self.rules = rules
        byName = Dictionary(uniqueKeysWithValues: rules.map { ($0.setting.name, $0) })
    }

    var names: [String] { rules.map(\.setting.name) }

    func rule(named name: String) -> SettingRule<Draft>? {
        byName[name]
    }

    /// Reads every key of `mapping` into `draft`.
    ///
    /// - Parameters:
    ///   - mapping: The mapping's node.
    ///   - draft: What the values are read into.
    ///   - what: What the mapping must be, for messages ("pool 'p'", "a shard").
    func apply(_ mapping: YAMLValue, to draft: inout Draft, what: String) throws(ConfigError) {
        for (key, keyNode, value) in try mapping.mapping(expecting: what) {
            guard let rule = byName[key] else {
                throw keyNode.error("unknown key '\(key)'" + Suggestion.didYouMean(key, among: names))
            }
            try rule.read(value, &draft)
        }
    }
}

/// "Did you mean" hints for misspelt keys.
enum Suggestion {
    /// ` (did you mean 'x'?)` when a known name is a small edit away from `word`, else "".
    static func didYouMean(_ word: String, among names: [String]) -> String {
        let ranked = names.map { (name: $0, distance: editDistance(word, $0)) }
            .filter { $0.distance <= min(3, max(2, $0.name.count / 3)) }
            .min { $0.distance < $1.distance }
        return ranked.map { " (did you mean '\($0.name)'?)" } ?? ""
    }

    /// Levenshtein distance over Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
