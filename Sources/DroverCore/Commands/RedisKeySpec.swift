/// One of a command's key specifications exactly as Redis 7.0 describes it, kept so that
/// drover's `COMMAND INFO` reply matches Redis's byte for byte.
///
/// drover finds keys with its own ``KeySpec``, which covers cases these leave open
/// (SORT ... STORE, MIGRATE ... KEYS).
public struct RedisKeySpec: Sendable, Equatable {
    /// Where the search for keys starts.
    public enum BeginSearch: Sendable, Equatable {
        /// At a fixed argument index.
        case index(Int)
        /// After the first argument equal to `keyword`, searching from `startFrom`
        /// (backwards from the end when negative).
        case keyword(String, startFrom: Int)
        /// Not describable (SORT's BY/GET/STORE).
        case unknown
    }

    /// Which arguments after the start are keys.
    public enum FindKeys: Sendable, Equatable {
        /// Keys up to `lastKey` (relative to the start; negative counts from the end), every
        /// `step`; a non-zero `limit` keeps only the first 1/limit of the remaining arguments.
        case range(lastKey: Int, step: Int, limit: Int)
        /// The argument at `index` (relative to the start) holds the number of keys, the first
        /// of which is at `firstKey` (relative to the start), every `step`.
        case keynum(index: Int, firstKey: Int, step: Int)
        /// Not describable.
        case unknown
    }

    /// The spec's flags (`RO`, `RW`, `access`, ...), in the order Redis prints them.
    public struct Flags: RedisNamedSet, Sendable, Hashable {
        /// The bits.
        public let rawValue: UInt16
        /// Creates a set from its bits.
        @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }

        /// `RO`: read only.
        public static let ro = Flags(rawValue: 1 << 0)
        /// `RW`: read and write.
        public static let rw = Flags(rawValue: 1 << 1)
        /// `OW`: overwrite.
        public static let ow = Flags(rawValue: 1 << 2)
        /// `RM`: remove.
        public static let rm = Flags(rawValue: 1 << 3)
        /// `access`: reads the value.
        public static let access = Flags(rawValue: 1 << 4)
        /// `update`: updates the value.
        public static let update = Flags(rawValue: 1 << 5)
        /// `insert`: adds data.
        public static let insert = Flags(rawValue: 1 << 6)
        /// `delete`: removes data.
        public static let delete = Flags(rawValue: 1 << 7)
        /// `not_key`: a channel or similar, not a key.
        public static let notKey = Flags(rawValue: 1 << 8)
        /// `incomplete`: may miss keys.
        public static let incomplete = Flags(rawValue: 1 << 9)
        /// `variable_flags`: the flags depend on the arguments.
        public static let variableFlags = Flags(rawValue: 1 << 10)

        /// Every flag with its Redis name, in the order Redis prints them.
        public static let names: [(member: Flags, name: String)] = [
            (.ro, "RO"), (.rw, "RW"), (.ow, "OW"), (.rm, "RM"), (.access, "access"),
            (.update, "update"), (.insert, "insert"), (.delete, "delete"), (.notKey, "not_key"),
            (.incomplete, "incomplete"), (.variableFlags, "variable_flags"),
        ]
    }

    /// Redis's free-text remark, if any.
    public let notes: String?
    /// The spec's flags.
    public let flags: Flags
    /// Where the search starts.
    public let begin: BeginSearch
    /// Which arguments are keys.
    public let find: FindKeys

    /// Creates a spec.
    public init(_ flags: Flags, _ begin: BeginSearch, _ find: FindKeys, notes: String? = nil) {
        self.flags = flags
        self.begin = begin
        self.find = find
        self.notes = notes
    }
}
