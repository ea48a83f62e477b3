/// Where a command's keys are among its arguments (argv index 0 is the command name; a
/// subcommand's indexes count from its container's name too, as Redis's do).
///
/// Derived from Redis 7.0's first/last/step and key-specs by
/// `scripts/gen-command-table.py`; the commands whose keys Redis finds with special code
/// (SORT, GEORADIUS, XREAD, MIGRATE) get ``scan(fixedKey:from:options:)``.
public enum KeySpec: Sendable, Equatable {
    /// The command takes no keys.
    case none
    /// Keys at `first`, `first + step`, ... up to `last`; a negative `last` counts from the
    /// end (-1 = the last argument). With a negative `last` and `step > 1` (MSET's key/value
    /// pairs) the arguments from `first` on must form whole groups of `step`.
    case range(first: Int, last: Int, step: Int)
    /// EVAL-style: the argument at `countAt` says how many keys follow, the first at
    /// `firstKey`, every `step`; `destination`, when not 0, is one more key at a fixed
    /// index, listed first (ZUNIONSTORE's destination).
    case numkeys(countAt: Int, firstKey: Int, step: Int, destination: Int)
    /// Option-driven keys: `fixedKey` (when not 0) plus what `options` say about the
    /// arguments from `from` on, scanned left to right. An argument that names no option
    /// is skipped.
    case scan(fixedKey: Int, from: Int, options: [KeyOption])
}

/// An option word that tells ``KeySpec/scan(fixedKey:from:options:)`` where keys are.
public struct KeyOption: Sendable, Equatable {
    /// What the option means for the arguments after it.
    public enum Effect: Sendable, Equatable {
        /// The next `n` arguments are values, not keys (SORT's `LIMIT offset count`).
        case skip(Int)
        /// The next argument is a key (SORT's and GEORADIUS's `STORE key`). Every
        /// occurrence counts, though Redis uses only the last: routing on a superset of
        /// the keys is safe.
        case keyAfter
        /// The rest of the arguments; the first `1/divisor` of them are keys (XREAD's
        /// `STREAMS k1 k2 id1 id2`: 2; MIGRATE's `KEYS k1 k2`: 1). They replace
        /// `fixedKey` (MIGRATE's key argument is empty in that form), and the count must
        /// divide evenly.
        case keysToEnd(divisor: Int)
    }

    /// The option's name, uppercase; arguments are compared case-insensitively.
    public let word: String
    /// What it says about the following arguments.
    public let effect: Effect
    /// `word`'s bytes, for comparing with arguments without building strings.
    let bytes: [UInt8]

    /// Creates an option.
    public init(_ word: String, _ effect: Effect) {
        self.word = word.uppercased()
        self.effect = effect
        self.bytes = Array(self.word.utf8)
    }

    public static func == (a: KeyOption, b: KeyOption) -> Bool {
        a.word == b.word && a.effect == b.effect
    }
}

extension KeySpec: CustomStringConvertible {
    /// The spec in words, for COMMANDS.md and drover's `COMMAND DOCS`.
    public var description: String {
        switch self {
        case .none:
            return "no keys"
        case let .range(first, last, step):
            if first == last { return "key at \(first)" }
            let end = last == -1 ? "the end" : last < 0 ? "the end minus \(-last - 1)" : "\(last)"
            if step == 1 { return "keys at \(first) to \(end)" }
            return "keys at \(first) to \(end), every \(step)"
        case let .numkeys(countAt, firstKey, step, destination):
            let lead = destination > 0 ? "key at \(destination), then " : ""
            let every = step == 1 ? "" : ", every \(step)"
            return "\(lead)as many keys as argument \(countAt) says, from \(firstKey)\(every)"
        case let .scan(fixedKey, from, options):
            var parts: [String] = []
            if fixedKey > 0 { parts.append("key at \(fixedKey)") }
            for option in options {
                switch option.effect {
                case .skip: continue
                case .keyAfter: parts.append("key after \(option.word)")
                case let .keysToEnd(divisor):
                    parts.append(divisor == 1 ? "keys after \(option.word)"
                                 : "keys after \(option.word) (the first 1/\(divisor) of the rest)")
                }
            }
            return parts.joined(separator: "; ") + " (options from \(from))"
        }
    }
}
