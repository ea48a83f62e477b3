/// Inline commands: one line of space-separated words, as typed into telnet.
extension RequestFramer {
    /// Frames an inline command: a line ended by `\n` (an optional `\r` before it is not part
    /// of the line), split like Redis's `sdssplitargs`, and re-encoded into
    /// ``ArgList/inlineEncoding`` as a multibulk request.
    mutating func frameInline(
        _ base: UnsafeRawPointer, end: Int, into args: inout ArgList
    ) -> RequestFrame {
        let limit = limits.maxInlineLength
        // Same window rule as header lines (see findCR): the '\n' must lie within `limit`
        // bytes of the start, whatever the chunking; and a NUL before it hides it for good.
        let windowEnd = limit >= end ? end : limit + 1
        var i = Swift.min(scanned, windowEnd)
        var byte: UInt8 = 0
        while i < windowEnd {
            byte = base.load(fromByteOffset: i, as: UInt8.self)
            if byte == 10 || byte == 0 { break }
            i += 1
        }
        if i == windowEnd || byte == 0 {
            if end > limit { return fail(.tooBigInlineRequest) }
            scanned = i
            return .incomplete(needed: end + 1)
        }
        let newline = i
        var lineEnd = newline
        if newline > 0 && base.load(fromByteOffset: newline - 1, as: UInt8.self) == 13 { lineEnd -= 1 }
        if !InlineSplitter.split(base, count: lineEnd, into: &args) { return fail(.unbalancedQuotes) }
        reset()
        return .request(length: newline + 1)
    }
}
