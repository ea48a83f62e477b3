import Yams

/// One node of the config document with what is needed to report problems at it: the file
/// and a dotted path naming the setting (`beta.timeout`, `beta.shards[1].primary`).
struct YAMLValue {
    let node: Node
    let file: String
    let path: String
    /// Where the key this value belongs to is written, for errors about the key itself.
    var keyMark: Mark? = nil

    /// An error at this node's position, prefixed with its path.
    func error(_ message: String) -> ConfigError {
        let mark = node.mark
        return ConfigError(file: file, line: mark?.line, column: mark?.column,
                           message: path.isEmpty ? message : "\(path): \(message)")
    }

    /// An error at the position of this value's key (its own position if it has none).
    func keyError(_ message: String) -> ConfigError {
        guard let keyMark else { return error(message) }
        return ConfigError(file: file, line: keyMark.line, column: keyMark.column,
                           message: path.isEmpty ? message : "\(path): \(message)")
    }

    /// What kind of node this is, for messages.
    var kind: String {
        switch node {
        case .scalar: node.null != nil ? "nothing" : "'\(node.string ?? "")'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// The text of a scalar that has a value (not empty, not `~`/`null`).
    func scalar(expecting what: String) throws(ConfigError) -> String {
        guard case let .scalar(scalar) = node, node.null == nil else {
            throw error("expected \(what), got \(kind)")
        }
        return scalar.string
    }

    /// A non-empty string.
    func string() throws(ConfigError) -> String {
        let text = try scalar(expecting: "a string")
        guard !text.isEmpty else { throw error("must not be empty") }
        return text
    }

    /// A decimal integer within `range`. Only digits are accepted, as twemproxy does.
    func integer(_ range: ClosedRange<Int>, unit: String? = nil) throws(ConfigError) -> Int {
        let what = unit.map { "an integer (\($0))" } ?? "an integer"
        let text = try scalar(expecting: what)
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit) else {
            throw error("expected \(what), got '\(text)'")
        }
        guard let value = Int(text), range.contains(value) else {
            let bound = range.upperBound >= Int32.max ? "at least \(range.lowerBound)"
                : "from \(range.lowerBound) to \(range.upperBound)"
            throw error("\(text) is out of range (\(bound))")
        }
        return value
    }

    /// `true` or `false`, exactly as twemproxy accepts them.
    func bool() throws(ConfigError) -> Bool {
        switch try scalar(expecting: "true or false") {
        case "true": return true
        case "false": return false
        case let text: throw error("expected true or false, got '\(text)'")
        }
    }

    /// A byte count: digits with an optional Redis-style unit (see ``ByteCount``).
    func size(_ range: ClosedRange<Int>) throws(ConfigError) -> Int {
        let what = "a size in bytes (e.g. 1048576, 512mb)"
        let text = try scalar(expecting: what)
        guard let bytes = ByteCount.parse(text) else {
            throw error("expected \(what), got '\(text)'")
        }
        guard range.contains(bytes) else {
            throw error("\(text) is out of range (\(ByteCount.describe(range.lowerBound)) "
                + "to \(ByteCount.describe(range.upperBound)))")
        }
        return bytes
    }

    /// One of an enumeration's raw values.
    func choice<Choice: RawRepresentable & CaseIterable>(_: Choice.Type) throws(ConfigError) -> Choice
    where Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        let text = try scalar(expecting: "one of \(names.joined(separator: ", "))")
        guard let value = Choice(rawValue: text) else {
            throw error("'\(text)' is not one of \(names.joined(separator: ", "))")
        }
        return value
    }

    /// Parses the scalar's text, reporting a problem at this node.
    func parse<T>(expecting what: String, _ body: (String) throws(ValueProblem) -> T) throws(ConfigError) -> T {
        let text = try scalar(expecting: what)
        do {
            return try body(text)
        } catch {
            throw self.error(error.message)
        }
    }

    /// The key/value pairs of a mapping, in file order; each key's path extends this one.
    func mapping(expecting what: String = "a mapping") throws(ConfigError) -> [(key: String, keyNode: YAMLValue, value: YAMLValue)] {
        guard case let .mapping(mapping) = node else {
            throw error("expected \(what), got \(kind)")
        }
        var pairs: [(key: String, keyNode: YAMLValue, value: YAMLValue)] = []
        for (keyNode, valueNode) in mapping {
            let keyValue = YAMLValue(node: keyNode, file: file, path: path)
            guard case let .scalar(scalar) = keyNode else {
                throw keyValue.error("keys must be plain names, got \(keyValue.kind)")
            }
            let childPath = path.isEmpty ? scalar.string : "\(path).\(scalar.string)"
            let value = YAMLValue(node: valueNode, file: file, path: childPath, keyMark: keyNode.mark)
            pairs.append((scalar.string, keyValue, value))
        }
        return pairs
    }

    /// The elements of a list, each with an indexed path (`servers[0]`).
    func sequence(expecting what: String = "a list") throws(ConfigError) -> [YAMLValue] {
        guard case let .sequence(sequence) = node else {
            throw error("expected \(what), got \(kind)")
        }
        return sequence.enumerated().map { index, element in
            YAMLValue(node: element, file: file, path: "\(path)[\(index)]")
        }
    }
}
