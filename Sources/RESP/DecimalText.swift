/// Decimal numbers in RESP header lines, read straight from the receive buffer.
package enum DecimalText {
    /// Parses bytes `start..<end` as Redis's `string2ll` does: optional `-`, no `+`, no
    /// leading zeros, no spaces, at most 20 characters, within `Int64`.
    ///
    /// - Returns: The value, or nil if the text is not such a number.
    package static func parse(_ p: UnsafeRawPointer, from start: Int, to end: Int) -> Int? {
        let length = end - start
        // string2ll refuses anything that cannot fit its 21-byte buffer.
        if length <= 0 || length >= 21 { return nil }
        if length == 1 && p.load(fromByteOffset: start, as: UInt8.self) == UInt8(ascii: "0") { return 0 }
        var i = start
        let negative = p.load(fromByteOffset: i, as: UInt8.self) == UInt8(ascii: "-")
        if negative {
            i += 1
            if i == end { return nil }
        }
        let first = p.load(fromByteOffset: i, as: UInt8.self) &- UInt8(ascii: "0")
        guard first >= 1 && first <= 9 else { return nil }
        var magnitude = UInt64(first)
        i += 1
        while i < end {
            let digit = p.load(fromByteOffset: i, as: UInt8.self) &- UInt8(ascii: "0")
            guard digit <= 9 else { return nil }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { return nil }
            magnitude = sum
            i += 1
        }
        if negative {
            if magnitude > UInt64(Int64.max) + 1 { return nil }
            return Int(truncatingIfNeeded: 0 &- magnitude)
        }
        return magnitude > UInt64(Int64.max) ? nil : Int(magnitude)
    }

    /// The common case of a header line, in one pass: `<prefix><digits>\r` followed by at
    /// least one more byte, with a non-negative canonical number of at most 18 digits (so
    /// no overflow check is needed).
    ///
    /// - Parameters:
    ///   - p: The buffer.
    ///   - start: Offset of the prefix byte (`$` or `*`), which the caller has checked.
    ///   - end: Offset one past the last byte available.
    /// - Returns: The value and the offset just past the `\r`, or nil when the line is not
    ///   in this form or not complete; the caller then takes the careful path.
    @inline(__always)
    static func fastHeader(_ p: UnsafeRawPointer, at start: Int, end: Int) -> (value: Int, afterCR: Int)? {
        var i = start + 1
        guard i < end else { return nil }
        var value = Int(p.load(fromByteOffset: i, as: UInt8.self)) &- 48
        guard value >= 0 && value <= 9 else { return nil }
        i += 1
        if value != 0 {
            let stop = Swift.min(end, start + 19)
            while i < stop {
                let digit = Int(p.load(fromByteOffset: i, as: UInt8.self)) &- 48
                if digit < 0 || digit > 9 { break }
                value = value &* 10 &+ digit
                i += 1
            }
        }
        guard i + 1 < end, p.load(fromByteOffset: i, as: UInt8.self) == 13 else { return nil }
        return (value, i + 1)
    }
}
