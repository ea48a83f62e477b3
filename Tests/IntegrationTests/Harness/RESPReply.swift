/// One RESP2 reply, as the tests' client decodes it.
enum RESPReply: Equatable, CustomStringConvertible {
    case simple(String)
    case error(String)
    case integer(Int)
    case bulk([UInt8])
    case null
    case array([RESPReply])
    case nullArray

    /// A bulk reply holding `text`'s UTF-8 bytes.
    static func bulk(_ text: String) -> RESPReply { .bulk(Array(text.utf8)) }

    /// The text of a simple string, error or bulk string; nil for other kinds.
    var text: String? {
        switch self {
        case .simple(let text), .error(let text): text
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// True for an error reply.
    var isError: Bool {
        if case .error = self { return true }
        return false
    }

    var description: String {
        switch self {
        case .simple(let text): "+\(text)"
        case .error(let text): "-\(text)"
        case .integer(let value): ":\(value)"
        case .bulk(let bytes): "\"\(String(decoding: bytes, as: UTF8.self))\""
        case .null: "(nil)"
        case .array(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .nullArray: "(nil array)"
        }
    }

    /// Decodes the reply starting at `start` in `bytes`.
    /// - Returns: the reply and the index just past it, or nil if `bytes` ends first.
    /// - Throws: ``HarnessError`` on bytes that are not RESP2.
    static func parse(_ bytes: [UInt8], from start: Int) throws -> (reply: RESPReply, end: Int)? {
        guard start < bytes.count, let lineEnd = findCRLF(bytes, from: start + 1) else { return nil }
        let line = String(decoding: bytes[(start + 1)..<lineEnd], as: UTF8.self)
        let next = lineEnd + 2
        switch bytes[start] {
        case UInt8(ascii: "+"):
            return (.simple(line), next)
        case UInt8(ascii: "-"):
            return (.error(line), next)
        case UInt8(ascii: ":"):
            guard let value = Int(line) else { throw HarnessError("bad integer reply :\(line)") }
            return (.integer(value), next)
        case UInt8(ascii: "$"):
            guard let length = Int(line), length >= -1 else { throw HarnessError("bad bulk length $\(line)") }
            if length == -1 { return (.null, next) }
            guard bytes.count >= next + length + 2 else { return nil }
            guard bytes[next + length] == 13, bytes[next + length + 1] == 10 else {
                throw HarnessError("bulk of length \(length) not followed by CRLF")
            }
            return (.bulk(Array(bytes[next..<(next + length)])), next + length + 2)
        case UInt8(ascii: "*"):
            guard let count = Int(line), count >= -1 else { throw HarnessError("bad array length *\(line)") }
            if count == -1 { return (.nullArray, next) }
            var items: [RESPReply] = []
            var cursor = next
            for _ in 0..<count {
                guard let (item, end) = try parse(bytes, from: cursor) else { return nil }
                items.append(item)
                cursor = end
            }
            return (.array(items), cursor)
        default:
            let shown = String(decoding: bytes[start..<min(bytes.count, start + 40)], as: UTF8.self)
            throw HarnessError("not a RESP2 reply: \(shown.debugDescription)")
        }
    }

    /// The RESP encoding of a command: an array of bulk strings.
    static func encodeCommand(_ arguments: [String]) -> [UInt8] {
        var out = Array("*\(arguments.count)\r\n".utf8)
        for argument in arguments {
            let bytes = Array(argument.utf8)
            out += Array("$\(bytes.count)\r\n".utf8)
            out += bytes
            out += [13, 10]
        }
        return out
    }

    private static func findCRLF(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 13 && bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }
}
