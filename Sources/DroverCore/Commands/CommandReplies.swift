import RESP

/// drover's replies to `COMMAND` and its subcommands, built from ``CommandTable`` with no
/// backend involved.
///
/// Each function takes the whole request as `argc` and `arg` (argument 0 is `COMMAND`,
/// argument 1 the subcommand) and appends exactly one RESP2 reply to `buffer`. The caller
/// has already checked the subcommand's arity.
public enum CommandReplies {
    /// `COMMAND COUNT`: the number of top-level commands.
    public static func writeCount(into buffer: ByteBuffer) {
        buffer.appendInteger(CommandTable.count)
    }

    /// `COMMAND INFO [name ...]` (nil for unknown names), or every command when no name is
    /// given, which is also the reply to a bare `COMMAND`. Byte-identical to Redis 7.0's.
    public static func writeInfo(argc: Int, arg: (Int) -> UnsafeRawBufferPointer, into buffer: ByteBuffer) {
        if argc <= 2 {
            buffer.appendArrayHeader(CommandTable.count)
            for spec in CommandTable.all where spec.parentIndex < 0 { writeInfoEntry(spec, into: buffer) }
            return
        }
        buffer.appendArrayHeader(argc - 2)
        for i in 2..<argc {
            if let spec = CommandTable.lookup(qualifiedName: arg(i)) {
                writeInfoEntry(spec, into: buffer)
            } else {
                buffer.appendNull()
            }
        }
    }

    /// `COMMAND GETKEYS command [arg ...]`: the keys drover routes by, with Redis's errors.
    public static func writeGetKeys(argc: Int, arg: (Int) -> UnsafeRawBufferPointer, into buffer: ByteBuffer) {
        guard argc >= 3, var spec = CommandTable.lookup(arg(2)) else {
            buffer.appendError("ERR Invalid command specified")
            return
        }
        if spec.hasSubcommands && argc >= 4, let sub = CommandTable.lookup(subcommand: arg(3), of: spec) {
            spec = sub
        }
        let inner = argc - 2
        guard spec.acceptsArgumentCount(inner) else {
            buffer.appendError("ERR Invalid number of arguments specified for command")
            return
        }
        // Shard channels are routed like keys, but Redis does not call them keys.
        let channelsOnly = !spec.redisKeySpecs.isEmpty && spec.redisKeySpecs.allSatisfy { $0.flags.contains(.notKey) }
        if spec.keys == .none || channelsOnly {
            buffer.appendError("ERR The command has no key arguments")
            return
        }
        var keys: [Int] = []
        let valid = spec.forEachKey(argc: inner, arg: { arg($0 + 2) }) { keys.append($0 + 2) }
        guard valid, !keys.isEmpty || spec.flags.contains(.noMandatoryKeys) else {
            buffer.appendError("ERR Invalid arguments specified for command")
            return
        }
        buffer.appendArrayHeader(keys.count)
        for i in keys { buffer.appendBulk(arg(i)) }
    }

    /// `<container> HELP`: the container's subcommands with Redis's summaries and drover's
    /// routes, in Redis's help layout.
    public static func writeHelp(for container: CommandSpec, into buffer: ByteBuffer) {
        let subs = CommandTable.subcommands(of: container)
        buffer.appendArrayHeader(1 + 2 * subs.count)
        buffer.appendSimpleString("\(container.name) <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
        for sub in subs {
            buffer.appendSimpleString(String(sub.name.split(separator: "|")[1]))
            buffer.appendSimpleString("    \(sub.summary). drover: \(sub.route).")
        }
    }

    /// `-ERR unknown subcommand 'X'. Try CONTAINER HELP.`, as Redis words it.
    public static func writeUnknownSubcommand(
        _ subcommand: UnsafeRawBufferPointer, of container: CommandSpec, into buffer: ByteBuffer
    ) {
        // Redis quotes at most 128 bytes of the client's text.
        let quoted = String(decoding: subcommand.prefix(128), as: UTF8.self)
        buffer.appendError("ERR unknown subcommand '\(quoted)'. Try \(container.name) HELP.")
    }

    /// One `COMMAND INFO` entry: name, arity, flags, first/last/step, ACL categories, tips,
    /// key specs and subcommands, as Redis 7.0 writes them.
    public static func writeInfoEntry(_ spec: CommandSpec, into buffer: ByteBuffer) {
        buffer.appendArrayHeader(10)
        buffer.appendBulk(spec.name.lowercased())
        buffer.appendInteger(spec.arity)
        writeSimpleStrings(spec.flags.nameList, into: buffer)
        buffer.appendInteger(spec.firstKey)
        buffer.appendInteger(spec.lastKey)
        buffer.appendInteger(spec.keyStep)
        writeSimpleStrings(spec.aclCategories.nameList, into: buffer)
        buffer.appendArrayHeader(spec.tips.count)
        for tip in spec.tips { buffer.appendBulk(tip) }
        buffer.appendArrayHeader(spec.redisKeySpecs.count)
        for keySpec in spec.redisKeySpecs { writeKeySpec(keySpec, into: buffer) }
        let subs = CommandTable.subcommands(of: spec)
        buffer.appendArrayHeader(subs.count)
        for sub in subs { writeInfoEntry(sub, into: buffer) }
    }

    /// A key spec as Redis writes it in RESP2: maps flattened to key/value arrays.
    static func writeKeySpec(_ spec: RedisKeySpec, into buffer: ByteBuffer) {
        buffer.appendArrayHeader(spec.notes == nil ? 6 : 8)
        if let notes = spec.notes {
            buffer.appendBulk("notes")
            buffer.appendBulk(notes)
        }
        buffer.appendBulk("flags")
        writeSimpleStrings(spec.flags.nameList, into: buffer)
        buffer.appendBulk("begin_search")
        buffer.appendArrayHeader(4)
        buffer.appendBulk("type")
        switch spec.begin {
        case let .index(index):
            buffer.appendBulk("index")
            buffer.appendBulk("spec")
            buffer.appendArrayHeader(2)
            buffer.appendBulk("index")
            buffer.appendInteger(index)
        case let .keyword(keyword, startFrom):
            buffer.appendBulk("keyword")
            buffer.appendBulk("spec")
            buffer.appendArrayHeader(4)
            buffer.appendBulk("keyword")
            buffer.appendBulk(keyword)
            buffer.appendBulk("startfrom")
            buffer.appendInteger(startFrom)
        case .unknown:
            buffer.appendBulk("unknown")
            buffer.appendBulk("spec")
            buffer.appendArrayHeader(0)
        }
        buffer.appendBulk("find_keys")
        buffer.appendArrayHeader(4)
        buffer.appendBulk("type")
        switch spec.find {
        case let .range(lastKey, step, limit):
            buffer.appendBulk("range")
            buffer.appendBulk("spec")
            writeIntegerPairs([("lastkey", lastKey), ("keystep", step), ("limit", limit)], into: buffer)
        case let .keynum(index, firstKey, step):
            buffer.appendBulk("keynum")
            buffer.appendBulk("spec")
            writeIntegerPairs([("keynumidx", index), ("firstkey", firstKey), ("keystep", step)], into: buffer)
        case .unknown:
            buffer.appendBulk("unknown")
            buffer.appendBulk("spec")
            buffer.appendArrayHeader(0)
        }
    }

    static func writeSimpleStrings(_ strings: [String], into buffer: ByteBuffer) {
        buffer.appendArrayHeader(strings.count)
        for s in strings { buffer.appendSimpleString(s) }
    }

    static func writeIntegerPairs(_ pairs: [(String, Int)], into buffer: ByteBuffer) {
        buffer.appendArrayHeader(2 * pairs.count)
        for (name, value) in pairs {
            buffer.appendBulk(name)
            buffer.appendInteger(value)
        }
    }
}
