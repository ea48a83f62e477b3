/// Bob Jenkins's two key hashes as twemproxy computes them.
enum JenkinsHash {
    /// `one_at_a_time`, with key bytes sign-extended like C's `char`.
    static func oneAtATime(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var value: UInt32 = 0
        for byte in key {
            value = value &+ signExtended(byte)
            value = value &+ (value << 10)
            value ^= value >> 6
        }
        value = value &+ (value << 3)
        value ^= value >> 11
        value = value &+ (value << 15)
        return value
    }

    /// `jenkins`: lookup3's little-endian hash with initial value 13.
    ///
    /// twemproxy picks a word-, half-word- or byte-wise loop by the key's address;
    /// on a little-endian machine all three give this byte-wise result.
    static func lookup3(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var a = 0xdead_beef &+ UInt32(truncatingIfNeeded: key.count) &+ 13
        var b = a
        var c = a
        var offset = 0
        var remaining = key.count
        while remaining > 12 {
            a = a &+ word(key, offset, 4)
            b = b &+ word(key, offset + 4, 4)
            c = c &+ word(key, offset + 8, 4)
            mix(&a, &b, &c)
            offset += 12
            remaining -= 12
        }
        // Zero-length keys skip the final mix.
        if remaining == 0 {
            return c
        }
        a = a &+ word(key, offset, min(remaining, 4))
        if remaining > 4 {
            b = b &+ word(key, offset + 4, min(remaining - 4, 4))
        }
        if remaining > 8 {
            c = c &+ word(key, offset + 8, remaining - 8)
        }
        final(&a, &b, &c)
        return c
    }

    /// Up to four bytes at `offset`, little-endian, missing high bytes zero.
    @inline(__always)
    private static func word(_ key: UnsafeRawBufferPointer, _ offset: Int, _ count: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in 0..<count {
            value |= UInt32(key[offset + index]) << UInt32(8 * index)
        }
        return value
    }

    @inline(__always)
    private static func rotate(_ x: UInt32, _ k: UInt32) -> UInt32 {
        (x << k) | (x >> (32 - k))
    }

    @inline(__always)
    private static func mix(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        a = a &- c; a ^= rotate(c, 4); c = c &+ b
        b = b &- a; b ^= rotate(a, 6); a = a &+ c
        c = c &- b; c ^= rotate(b, 8); b = b &+ a
        a = a &- c; a ^= rotate(c, 16); c = c &+ b
        b = b &- a; b ^= rotate(a, 19); a = a &+ c
        c = c &- b; c ^= rotate(b, 4); b = b &+ a
    }

    @inline(__always)
    private static func final(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        c ^= b; c = c &- rotate(b, 14)
        a ^= c; a = a &- rotate(c, 11)
        b ^= a; b = b &- rotate(a, 25)
        c ^= b; c = c &- rotate(b, 16)
        a ^= c; a = a &- rotate(c, 4)
        b ^= a; b = b &- rotate(a, 14)
        c ^= b; c = c &- rotate(b, 24)
    }
}
