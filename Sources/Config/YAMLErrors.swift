import Yams

/// Maps Yams' errors to ``ConfigError``s that point at the offending line.
enum YAMLErrors {
    static func configError(_ error: YamlError, yaml: String, file: String) -> ConfigError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text): " } ?? ""
            return ConfigError(file: file, line: mark.line, column: mark.column,
                               message: "invalid YAML: \(prefix)\(problem)")
        case let .reader(problem, offset, _, _):
            let line = offset.map { offset in yaml.utf8.prefix(offset).reduce(1) { $0 + ($1 == 10 ? 1 : 0) } }
            return ConfigError(file: file, line: line, message: "invalid YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return duplicateKey(duplicates.sorted().first ?? "", first: context.mark, yaml: yaml, file: file)
        default:
            return ConfigError(file: file, message: "invalid YAML: \(error)")
        }
    }

    /// Yams reports a duplicate key at its first occurrence; point at the second one, the one
    /// to delete, when it can be found: the next line of the same block mapping (same
    /// indentation) that starts with the key.
    private static func duplicateKey(_ key: String, first: Mark, yaml: String, file: String) -> ConfigError {
        let message = "duplicate key '\(key)' (first at line \(first.line)); each key may appear once in a mapping"
        // Character.isNewline covers \n, \r\n (one Character) and \r, as libyaml's line count does.
        let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let indent = first.column - 1
        for index in lines.indices where index >= first.line {  // 1-based `line`: starts one below
            let line = lines[index].unicodeScalars
            let leading = line.prefix { $0 == " " }.count
            let rest = Substring(line.dropFirst(leading))
            if rest.isEmpty || rest.hasPrefix("#") { continue }
            if leading < indent { break }  // the mapping ended without a second occurrence found
            if leading == indent, rest.hasPrefix(key),
               rest.dropFirst(key.count).drop(while: { $0 == " " }).hasPrefix(":") {
                return ConfigError(file: file, line: index + 1, column: first.column, message: message)
            }
        }
        return ConfigError(file: file, line: first.line, column: first.column, message: message)
    }
}
