/// Paul Hsieh's SuperFastHash and MurmurHash2, as twemproxy computes them.
enum HsiehMurmur {
    /// `hsieh`. Quirk kept from twemproxy: with three trailing bytes the third
    /// is read as a signed `char` (the other tails read unsigned bytes).
    static func hsieh(_ key: UnsafeRawBufferPointer) -> UInt32 {
        guard !key.isEmpty else { return 0 }
        var hash: UInt32 = 0
        var offset = 0
        for _ in 0..<(key.count >> 2) {
            hash = hash &+ pair(key, offset)
            let mixed = (pair(key, offset + 2) << 11) ^ hash
            hash = (hash << 16) ^ mixed
            hash = hash &+ (hash >> 11)
            offset += 4
        }
        switch key.count & 3 {
        case 3:
            hash = hash &+ pair(key, offset)
            hash ^= hash << 16
            hash ^= signExtended(key[offset + 2]) << 18
            hash = hash &+ (hash >> 11)
        case 2:
            hash = hash &+ pair(key, offset)
            hash ^= hash << 11
            hash = hash &+ (hash >> 17)
        case 1:
            hash = hash &+ UInt32(key[offset])
            hash ^= hash << 10
            hash = hash &+ (hash >> 1)
        default:
            break
        }
        hash ^= hash << 3
        hash = hash &+ (hash >> 5)
        hash ^= hash << 4
        hash = hash &+ (hash >> 17)
        hash ^= hash << 25
        hash = hash &+ (hash >> 6)
        return hash
    }

    /// `murmur`: MurmurHash2 with seed `0xdeadbeef * length`, reading 4-byte
    /// little-endian blocks.
    static func murmur(_ key: UnsafeRawBufferPointer) -> UInt32 {
        let m: UInt32 = 0x5bd1_e995
        let length = UInt32(truncatingIfNeeded: key.count)
        var hash = (0xdead_beef &* length) ^ length
        var offset = 0
        while key.count - offset >= 4 {
            var k = UInt32(littleEndian: key.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            k = k &* m
            k ^= k >> 24
            k = k &* m
            hash = (hash &* m) ^ k
            offset += 4
        }
        let tail = key.count - offset
        if tail == 3 {
            hash ^= UInt32(key[offset + 2]) << 16
        }
        if tail >= 2 {
            hash ^= UInt32(key[offset + 1]) << 8
        }
        if tail >= 1 {
            hash ^= UInt32(key[offset])
            hash = hash &* m
        }
        hash ^= hash >> 13
        hash = hash &* m
        hash ^= hash >> 15
        return hash
    }

    /// Two bytes at `offset` as a little-endian 16-bit value.
    @inline(__always)
    private static func pair(_ key: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(key[offset]) | UInt32(key[offset + 1]) << 8
    }
}
