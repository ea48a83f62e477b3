import Glibc

/// Recognises values that Redis's INCR family could read as numbers. Such values are
/// never enveloped, so a counter stays a counter on a compression or herd pool.
enum NumericText {
    /// Longest value checked; a longer number is treated as text (and may be enveloped).
    static let maxLength = 64

    /// Whether `bytes` is, in full, a number `strtod` reads: what INCR (a subset) and
    /// INCRBYFLOAT accept, plus a few spellings they refuse (`nan`), which costs nothing.
    static func isNumber(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        guard n > 0, n <= maxLength else { return false }
        // Most text fails on its first byte, before any copy.
        switch bytes[0] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            break
        default:
            return false
        }
        var text = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0),
                    UInt64(0))  // 72 zero bytes: room for 64 and the terminating NUL
        return withUnsafeMutableBytes(of: &text) { buffer -> Bool in
            buffer.copyMemory(from: bytes)
            let start = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>? = nil
            _ = strtod(start, &end)
            // An embedded NUL stops strtod early, so it never passes as a number.
            return end.map { $0 - start } == n
        }
    }
}
