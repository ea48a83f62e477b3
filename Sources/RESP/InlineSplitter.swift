/// Redis's `sdssplitargs` over raw bytes, writing the decoded words into an ``ArgList``.
enum InlineSplitter {
    /// Splits `count` bytes at `base` into arguments and re-encodes them as a multibulk
    /// request in `args.inlineBytes`.
    ///
    /// Rules (Redis 7's): words are separated by whitespace; `"..."` takes `\n \r \t \b \a`,
    /// `\xHH` and `\<any>` escapes; `'...'` takes only `\'`; a closing quote must be followed
    /// by whitespace or the end. The line holds no NUL (the framer never ends a line past one).
    ///
    /// - Returns: false for unbalanced quotes.
    static func split(_ base: UnsafeRawPointer, count: Int, into args: inout ArgList) -> Bool {
        // Reading past the line yields 0, the C string terminator Redis's splitter sees.
        @inline(__always) func at(_ i: Int) -> UInt8 {
            i < count ? base.load(fromByteOffset: i, as: UInt8.self) : 0
        }
        var words = args.scratch
        args.scratch = []
        words.removeAll(keepingCapacity: true)
        defer { args.scratch = words }
        args.removeAll()

        var p = 0
        while true {
            while at(p) != 0 && isSpace(at(p)) { p += 1 }
            if at(p) == 0 { break }
            let wordStart = words.count
            var quote: UInt8 = 0  // the open quote character, or 0 outside quotes
            var done = false
            while !done {
                let c = at(p)
                if quote == UInt8(ascii: "\"") && c == UInt8(ascii: "\\") && at(p + 1) == UInt8(ascii: "x"),
                   let high = hexValue(at(p + 2)), let low = hexValue(at(p + 3)) {
                    words.append(high << 4 | low)
                    p += 3
                } else if quote == UInt8(ascii: "\"") && c == UInt8(ascii: "\\") && at(p + 1) != 0 {
                    p += 1
                    words.append(unescape(at(p)))
                } else if quote == UInt8(ascii: "'") && c == UInt8(ascii: "\\") && at(p + 1) == UInt8(ascii: "'") {
                    p += 1
                    words.append(UInt8(ascii: "'"))
                } else if quote != 0 {
                    if c == quote {
                        // A closing quote must end the word.
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
                    case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = c
                    default: words.append(c)
                    }
                }
                if at(p) != 0 { p += 1 }
            }
            args.append(ArgRange(offset: wordStart, count: words.count - wordStart))
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
        appendDecimal(args.count, to: &out)
        out.append(13)
        out.append(10)
        for i in 0..<args.count {
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
