extension ReplyReader {
    /// The header of a complete aggregate reply (`*n`, RESP3 `~n` or `>n`): its type byte,
    /// element count and the length of the header line; nil for anything else (a null
    /// array `*-1` included).
    ///
    /// The elements follow the header back to back, so `reply[headerLength...]` is all of
    /// them: arrays can be concatenated without framing each element.
    public static func aggregateHeader(_ reply: UnsafeRawBufferPointer) -> (type: UInt8, count: Int, headerLength: Int)? {
        guard let base = reply.baseAddress, let first = reply.first,
              first == UInt8(ascii: "*") || first == UInt8(ascii: "~") || first == UInt8(ascii: ">")
        else { return nil }
        var cr = 1
        while cr < reply.count && reply[cr] != 13 { cr += 1 }
        guard cr + 1 < reply.count, reply[cr + 1] == 10,
              let count = DecimalText.parse(base, from: 1, to: cr), count >= 0 else { return nil }
        return (first, count, cr + 2)
    }

    /// The text of a complete bulk string (`$n`), simple string (`+`) or RESP3 verbatim
    /// string (`=n` with its three-letter format and colon dropped); nil for anything else.
    public static func text(_ reply: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard let base = reply.baseAddress, let first = reply.first, reply.count >= 3,
              reply[reply.count - 2] == 13, reply[reply.count - 1] == 10 else { return nil }
        if first == UInt8(ascii: "+") {
            return UnsafeRawBufferPointer(rebasing: reply[1..<(reply.count - 2)])
        }
        guard first == UInt8(ascii: "$") || first == UInt8(ascii: "=") else { return nil }
        var cr = 1
        while cr < reply.count && reply[cr] != 13 { cr += 1 }
        guard let length = DecimalText.parse(base, from: 1, to: cr), length >= 0,
              cr + 2 + length + 2 == reply.count else { return nil }
        var start = cr + 2
        if first == UInt8(ascii: "=") {
            guard length >= 4 else { return nil }
            start += 4
        }
        return UnsafeRawBufferPointer(rebasing: reply[start..<(cr + 2 + length)])
    }

    /// Whether the reply is a null: `$-1`, `*-1` (RESP2) or `_` (RESP3).
    public static func isNull(_ reply: UnsafeRawBufferPointer) -> Bool {
        guard let first = reply.first else { return false }
        if first == UInt8(ascii: "_") { return true }
        return reply.count == 5 && (first == UInt8(ascii: "$") || first == UInt8(ascii: "*"))
            && reply[1] == UInt8(ascii: "-") && reply[2] == UInt8(ascii: "1")
    }
}
