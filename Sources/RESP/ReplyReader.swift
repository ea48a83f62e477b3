/// Reads the few replies the proxy must act on rather than forward, such as the per-shard
/// replies merged for MGET and DEL. Every function takes one whole reply.
public enum ReplyReader {
    /// The value of a complete integer reply `:<n>\r\n`, else nil.
    public static func integer(_ reply: UnsafeRawBufferPointer) -> Int? {
        let n = reply.count
        guard n >= 4, let base = reply.baseAddress, reply[0] == UInt8(ascii: ":"),
              reply[n - 2] == 13, reply[n - 1] == 10 else { return nil }
        return DecimalText.parse(base, from: 1, to: n - 2)
    }

    /// Whether the reply is an error: a simple error `-...` or a RESP3 blob error `!...`.
    public static func isError(_ reply: UnsafeRawBufferPointer) -> Bool {
        guard let first = reply.first else { return false }
        return first == UInt8(ascii: "-") || first == UInt8(ascii: "!")
    }

    /// True for exactly "+OK\r\n".
    public static func isOK(_ reply: UnsafeRawBufferPointer) -> Bool {
        reply.count == 5 && reply[0] == UInt8(ascii: "+") && reply[1] == UInt8(ascii: "O")
            && reply[2] == UInt8(ascii: "K") && reply[3] == 13 && reply[4] == 10
    }

    /// For a complete array reply (`*n` or RESP3 `~`/`>`): appends the byte range of each
    /// top-level element (its whole encoding) to `elements` and returns true; false if not an
    /// array (a null array `*-1` is not one) or not complete.
    ///
    /// - Parameters:
    ///   - reply: One whole reply.
    ///   - elements: Receives one range per element, offsets relative to `reply[0]`; left as
    ///     it was when the function returns false.
    public static func arrayElements(_ reply: UnsafeRawBufferPointer, into elements: inout [ArgRange]) -> Bool {
        guard let header = aggregateHeader(reply) else { return false }
        let initialCount = elements.count
        var framer = ReplyFramer()
        var offset = header.headerLength
        for _ in 0..<header.count {
            guard case .reply(let length) = framer.frame(UnsafeRawBufferPointer(rebasing: reply[offset...])) else {
                elements.removeSubrange(initialCount...)
                return false
            }
            elements.append(ArgRange(offset: offset, count: length))
            offset += length
        }
        return true
    }
}
