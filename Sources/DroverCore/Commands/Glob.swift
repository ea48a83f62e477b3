/// Redis's glob patterns (`stringmatchlen` with case folding): `*`, `?`, `[abc]`, `[^a-z]`
/// and `\` escapes; used by `COMMAND LIST FILTERBY PATTERN`.
enum Glob {
    /// Whether `text` matches `pattern`, ignoring ASCII case.
    static func matches(_ pattern: UnsafeRawBufferPointer, _ text: [UInt8]) -> Bool {
        var p = 0, t = 0
        // Where the last `*` was, and the text position it currently stands for.
        var star = -1, starText = 0
        while t < text.count {
            if p < pattern.count {
                if pattern[p] == UInt8(ascii: "*") {
                    star = p
                    starText = t
                    p += 1
                    continue
                }
                if let next = matchOne(pattern, at: p, lower(text[t])) {
                    p = next
                    t += 1
                    continue
                }
            }
            guard star >= 0 else { return false }
            starText += 1
            t = starText
            p = star + 1
        }
        while p < pattern.count && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }

    /// Matches one character against the pattern element at `p`.
    ///
    /// - Returns: The index after the element if `c` matches it, else nil.
    private static func matchOne(_ pattern: UnsafeRawBufferPointer, at start: Int, _ c: UInt8) -> Int? {
        var p = start
        switch pattern[p] {
        case UInt8(ascii: "?"):
            return p + 1
        case UInt8(ascii: "\\") where p + 1 < pattern.count:
            return lower(pattern[p + 1]) == c ? p + 2 : nil
        case UInt8(ascii: "["):
            p += 1
            let negated = p < pattern.count && pattern[p] == UInt8(ascii: "^")
            if negated { p += 1 }
            var matched = false
            // An unterminated class ends with the pattern, as in Redis.
            while p < pattern.count && pattern[p] != UInt8(ascii: "]") {
                if pattern[p] == UInt8(ascii: "\\") && p + 1 < pattern.count {
                    p += 1
                    if lower(pattern[p]) == c { matched = true }
                } else if p + 2 < pattern.count && pattern[p + 1] == UInt8(ascii: "-") {
                    var low = lower(pattern[p]), high = lower(pattern[p + 2])
                    if low > high { swap(&low, &high) }
                    if c >= low && c <= high { matched = true }
                    p += 2
                } else if lower(pattern[p]) == c {
                    matched = true
                }
                p += 1
            }
            return matched != negated ? min(p + 1, pattern.count) : nil
        default:
            return lower(pattern[p]) == c ? p + 1 : nil
        }
    }

    @inline(__always) private static func lower(_ c: UInt8) -> UInt8 {
        c &- UInt8(ascii: "A") < 26 ? c | 0x20 : c
    }
}
