import RESP

/// What a read command answers when its key does not exist: the reply drover gives for a
/// read of an unreachable shard under `on_backend_error: miss`, so a dead cache reads as
/// a cache miss instead of an error.
///
/// A column of the command table (`MISS_REPLIES` in `scripts/gen-command-table.py`); only
/// read-only commands have one. Reads without one still answer the error.
public enum MissReply: Sendable, Equatable {
    public static func == (a: MissReply, b: MissReply) -> Bool {
        switch (a, b) {
        case (.null, .null), (.emptyString, .emptyString), (.emptyArray, .emptyArray), (.emptyMap, .emptyMap),
             (.emptySet, .emptySet), (.emptyScan, .emptyScan):
            return true
        case (.integer(let x), .integer(let y)): return x == y
        case (.status(let x), .status(let y)): return x.description == y.description
        case (.nulls(let x), .nulls(let y)), (.zeros(let x), .zeros(let y)): return x == y
        default: return false
        }
    }

    /// GET, HGET, ZSCORE, ...: the null reply (`$-1`, RESP3 `_`).
    case null
    /// EXISTS, STRLEN, LLEN, SISMEMBER, ...: this integer (TTL and PTTL: -2).
    case integer(Int)
    /// GETRANGE, SUBSTR: the empty string.
    case emptyString
    /// TYPE: the status `none`. (A static string keeps the type free of reference
    /// counting: it is copied with every request that may need it.)
    case status(StaticString)
    /// LRANGE, ZRANGE, HKEYS, ...: the empty array.
    case emptyArray
    /// HGETALL: the empty map (`*0`, RESP3 `%0`).
    case emptyMap
    /// SMEMBERS, SINTER, ...: the empty set (`*0`, RESP3 `~0`).
    case emptySet
    /// MGET, HMGET, ZMSCORE, GEOPOS: one null per argument from this index on.
    case nulls(from: Int)
    /// SMISMEMBER: one 0 per argument from this index on.
    case zeros(from: Int)
    /// HSCAN, SSCAN, ZSCAN: the final cursor with no elements.
    case emptyScan

    /// Appends the reply for a request of `argumentCount` arguments (command name
    /// included), in the client's protocol (2 or 3).
    public func write(argumentCount: Int, protocolVersion: Int, into out: ByteBuffer) {
        let resp3 = protocolVersion >= 3
        switch self {
        case .null:
            appendNull(resp3, out)
        case .integer(let value):
            out.appendInteger(value)
        case .emptyString:
            out.appendBulk("")
        case .status(let text):
            out.appendSimpleString(text.description)
        case .emptyArray:
            out.appendArrayHeader(0)
        case .emptyMap:
            out.append(resp3 ? "%0\r\n" : "*0\r\n")
        case .emptySet:
            out.append(resp3 ? "~0\r\n" : "*0\r\n")
        case .nulls(let from):
            let count = max(0, argumentCount - from)
            out.appendArrayHeader(count)
            for _ in 0..<count { appendNull(resp3, out) }
        case .zeros(let from):
            let count = max(0, argumentCount - from)
            out.appendArrayHeader(count)
            for _ in 0..<count { out.appendInteger(0) }
        case .emptyScan:
            out.appendArrayHeader(2)
            out.appendBulk("0")
            out.appendArrayHeader(0)
        }
    }

    private func appendNull(_ resp3: Bool, _ out: ByteBuffer) {
        if resp3 { out.append("_\r\n") } else { out.appendNull() }
    }
}
