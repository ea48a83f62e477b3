/// One row of the command table: a Redis command or subcommand, its facts as Redis 7.0
/// reports them, and how drover routes it.
///
/// A class so that ``CommandTable/lookup(_:)`` hands out a reference to a shared,
/// immutable row instead of copying a struct full of strings and arrays on every request.
/// Rows exist once per process and are never freed.
public final class CommandSpec: Sendable {
    /// The name, uppercase; `CONTAINER|SUBCOMMAND` for subcommands (`CLIENT|SETNAME`).
    public let name: String
    /// Redis's arity: the exact argument count (command name included) when positive, the
    /// minimum count when negative. A subcommand's count includes its container's name.
    public let arity: Int
    /// Redis's command flags.
    public let flags: CommandFlags
    /// Redis's ACL categories.
    public let aclCategories: ACLCategories
    /// Redis's command tips (`nondeterministic_output`, `request_policy:all_shards`, ...).
    public let tips: [String]
    /// Redis's legacy first key index (0 = no keys): for a ``Route/single`` command, the
    /// index of its key.
    public let firstKey: Int
    /// Redis's legacy last key index (negative counts from the end).
    public let lastKey: Int
    /// Redis's legacy key step.
    public let keyStep: Int
    /// Redis 7.0's key specifications, for `COMMAND INFO`.
    public let redisKeySpecs: [RedisKeySpec]
    /// Where drover finds the keys.
    public let keys: KeySpec
    /// How drover routes the command.
    public let route: Route
    /// How the command meets enveloped values (pools with `compression` or `herd_timeout`).
    public let envelope: EnvelopeRole
    /// Redis's documentation group (`string`, `list`, `generic`, `server`, ...).
    public let group: String
    /// The Redis version that introduced the command.
    public let since: String
    /// Redis's one-line summary.
    public let summary: String
    /// Position in ``CommandTable/all``: a dense id, e.g. for per-command counters.
    public let index: Int
    /// The container's position in ``CommandTable/all``, or -1 for a top-level command.
    public let parentIndex: Int
    /// Positions of the subcommands in ``CommandTable/all`` (empty if none).
    public let subcommandIndexes: Range<Int>

    init(_ row: CommandRow, index: Int, parentIndex: Int, subcommandIndexes: Range<Int>) {
        name = row.name
        arity = row.arity
        flags = row.flags
        aclCategories = row.acl
        tips = row.tips
        firstKey = row.legacyKeys.first
        lastKey = row.legacyKeys.last
        keyStep = row.legacyKeys.step
        redisKeySpecs = row.keySpecs
        keys = row.keys
        route = row.route
        envelope = row.envelope
        group = row.group
        since = row.since
        summary = row.summary
        self.index = index
        self.parentIndex = parentIndex
        self.subcommandIndexes = subcommandIndexes
    }

    /// Whether the command is a container of subcommands (CLIENT, CONFIG, OBJECT, ...).
    @inlinable public var hasSubcommands: Bool { !subcommandIndexes.isEmpty }

    /// Whether `argc` arguments (the command name included) satisfy ``arity``.
    @inlinable public func acceptsArgumentCount(_ argc: Int) -> Bool {
        arity >= 0 ? argc == arity : argc >= -arity
    }

    /// Calls `body` with the argv index of each key (0 = the command name).
    ///
    /// - Parameters:
    ///   - argc: The number of arguments, the command name included.
    ///   - arg: The bytes of argument `i`; read only when keys depend on argument contents
    ///     (numkeys, STORE, STREAMS).
    ///   - body: Gets each key's index, in argument order.
    /// - Returns: False if the arguments are malformed for the key spec (numkeys larger
    ///   than the arguments, MSET without a value, ...); `body` was then not called.
    @inlinable
    public func forEachKey(argc: Int, arg: (Int) -> UnsafeRawBufferPointer, _ body: (Int) -> Void) -> Bool {
        keys.forEachKey(argc: argc, arg: arg, body)
    }
}

/// The generated facts of one command, before the table gives it its position.
struct CommandRow: Sendable {
    let name: String
    let arity: Int
    let flags: CommandFlags
    let legacyKeys: (first: Int, last: Int, step: Int)
    let acl: ACLCategories
    let tips: [String]
    let keySpecs: [RedisKeySpec]
    let keys: KeySpec
    let route: Route
    let envelope: EnvelopeRole
    let group: String
    let since: String
    let summary: String

    init(_ name: String, arity: Int, flags: CommandFlags, first: Int, last: Int, step: Int,
         acl: ACLCategories, tips: [String] = [], keys: KeySpec, route: Route, envelope: EnvelopeRole = .none,
         group: String, since: String, summary: String, keySpecs: [RedisKeySpec] = []) {
        self.name = name
        self.arity = arity
        self.flags = flags
        self.legacyKeys = (first, last, step)
        self.acl = acl
        self.tips = tips
        self.keySpecs = keySpecs
        self.keys = keys
        self.route = route
        self.envelope = envelope
        self.group = group
        self.since = since
        self.summary = summary
    }
}
