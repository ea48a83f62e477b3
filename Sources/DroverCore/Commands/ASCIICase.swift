/// Case-insensitive comparison of command names and option words with request bytes,
/// without building strings.
package enum ASCIICase {
    /// Whether `input` equals `upper` (uppercase ASCII) ignoring the case of letters.
    ///
    /// Only letters fold: `_` and `DEL` (0x5F, 0x7F) or `-` and `\r` differ by the same bit
    /// as `A` and `a`, so comparing with the bit cleared would wrongly accept them.
    @inline(__always)
    package static func equals(_ input: UnsafeRawBufferPointer, _ upper: UnsafeBufferPointer<UInt8>) -> Bool {
        guard input.count == upper.count else { return false }
        for i in 0..<input.count {
            let s = upper[i]
            let d = input[i] ^ s
            if d != 0 && (d != 0x20 || s &- UInt8(ascii: "A") >= 26) { return false }
        }
        return true
    }

    /// Whether `input` equals the uppercase ASCII `upper` ignoring case.
    static func equals(_ input: UnsafeRawBufferPointer, _ upper: [UInt8]) -> Bool {
        upper.withUnsafeBufferPointer { equals(input, $0) }
    }

    /// Parses a count argument (numkeys) as Redis's `string2ll` would, refusing negative
    /// values.
    ///
    /// - Returns: The count, or nil if the bytes are not a non-negative decimal integer.
    static func parseCount(_ text: UnsafeRawBufferPointer) -> Int? {
        // 18 digits cannot overflow Int; larger counts exceed any argument list anyway.
        guard !text.isEmpty, text.count <= 18 else { return nil }
        if text.count > 1 && text[0] == UInt8(ascii: "0") { return nil }
        var value = 0
        for byte in text {
            let digit = Int(byte) &- 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
