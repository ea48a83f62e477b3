/// Inline commands: one line of space-separated words, as typed into telnet.
extension RequestFramer {
    /// Frames an inline command: a line ended by `\n` (an optional `\r` before it is not part
    /// of the line), split like Redis's `sdssplitargs`, and re-encoded into
    /// ``ArgList/inlineEncoding`` as a multibulk request.
    @usableFromInline mutating func frameInline(
        _ base: UnsafeRawPointer, end: Int, into args: inout ArgList
    ) -> RequestFrame {
        let limit = limits.maxInlineLength
        // Same window rule as header lines (see findCR): the '\n' must lie within `limit`
        // bytes of the start, whatever the chunking.
        let windowEnd = limit >= end ? end : limit + 1
        var i = scanned
        while i < windowEnd && base.load(fromByteOffset: i, as: UInt8.self) != 10 { i += 1 }
        if i == windowEnd {
            if end > limit { return fail(.tooBigInlineRequest) }
            scanned = end
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

/// Redis's `sdssplitargs` over raw bytes, writing the decoded words into an ``ArgList``.
enum InlineSplitter {
    /// Splits `count` bytes at `base` into arguments and re-encodes them as a multibulk
    /// request in `args.inlineBytes`.
    ///
    /// Rules (Redis 7's): words are separated by whitespace; `"..."` takes `\n \r \t \b \a`,
    /// `\xHH` and `\<any>` escapes; `'...'` takes only `\'`; a closing quote must be followed
    /// by whitespace or the end; a NUL byte ends the line, as it ends Redis's C string.
    ///
    /// - Returns: false for unbalanced quotes.
    static func split(_ base: UnsafeRawPointer, count: Int, into args: inout ArgList) -> Bool {
        // Reading past the line, or a NUL, yields 0: the C string terminator Redis sees.
        @inline(__always) func at(_ i: Int) -> UInt8 {
            i < count ? base.load(fromByteOffset: i, as: UInt8.self) : 0
        }
        var words = args.scratch
        args.scratch = []
        words.removeAll(keepingCapacity: true)
        defer { args.scratch = words }
        args.ranges.removeAll(keepingCapacity: true)

        var p = 0
        while true {
            while at(p) != 0 && isSpace(at(p)) { p += 1 }
            if at(p) == 0 { break }
            let wordStart = words.count
            var inDouble = false
            var inSingle = false
            var done = false
            while !done {
                let c = at(p)
                if inDouble {
                    if c == UInt8(ascii: "\\") && at(p + 1) == UInt8(ascii: "x"),
                       let high = hexValue(at(p + 2)), let low = hexValue(at(p + 3)) {
                        words.append(high << 4 | low)
                        p += 3
                    } else if c == UInt8(ascii: "\\") && at(p + 1) != 0 {
                        p += 1
                        words.append(unescape(at(p)))
                    } else if c == UInt8(ascii: "\"") {
                        if at(p + 1) != 0 && !isSpace(at(p + 1)) { return false }
                        done = true
                    } else if c == 0 {
                        return false
                    } else {
                        words.append(c)
                    }
                } else if inSingle {
                    if c == UInt8(ascii: "\\") && at(p + 1) == UInt8(ascii: "'") {
                        p += 1
                        words.append(UInt8(ascii: "'"))
                    } else if c == UInt8(ascii: "'") {
                        if at(p + 1) != 0 && !isSpace(at(p + 1)) { return false }
                        done = true
                    } else if c == 0 {
                        return false
                    } else {
                        words.append(c)
                    }
                } else {
                    switch c {
                    // Unlike the skip above, a word ends only at these (not at \v or \f).
                    case UInt8(ascii: " "), 10, 13, 9, 0: done = true
                    case UInt8(ascii: "\""): inDouble = true
                    case UInt8(ascii: "'"): inSingle = true
                    default: words.append(c)
                    }
                }
                if at(p) != 0 { p += 1 }
            }
            args.ranges.append(ArgRange(offset: wordStart, count: words.count - wordStart))
        }
        encode(words, into: &args)
        return true
    }

    /// Writes `*<n>\r\n` and `$<len>\r\n<word>\r\n` per word into `args.inlineBytes`, and
    /// points the ranges at the words' copies there.
    private static func encode(_ words: [UInt8], into args: inout ArgList) {
        var out = args.inlineBytes
        args.inlineBytes = []
        out.removeAll(keepingCapacity: true)
        out.append(UInt8(ascii: "*"))
        appendDecimal(args.ranges.count, to: &out)
        out.append(13)
        out.append(10)
        for i in 0..<args.ranges.count {
            let word = args.ranges[i]
            out.append(UInt8(ascii: "$"))
            appendDecimal(word.count, to: &out)
            out.append(13)
            out.append(10)
            args.ranges[i].offset = out.count
            out.append(contentsOf: words[word.offset..<word.offset + word.count])
            out.append(13)
            out.append(10)
        }
        args.inlineBytes = out
        args.isInline = true
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var divisor = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: (value / divisor) % 10) &+ 48)
            divisor /= 10
        }
    }

    /// C's `isspace` in the "C" locale.
    @inline(__always) private static func isSpace(_ c: UInt8) -> Bool {
        c == 32 || (c >= 9 && c <= 13)
    }

    @inline(__always) private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    @inline(__always) private static func unescape(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "n"): 10
        case UInt8(ascii: "r"): 13
        case UInt8(ascii: "t"): 9
        case UInt8(ascii: "b"): 8
        case UInt8(ascii: "a"): 7
        default: c
        }
    }
}
