/// The four FNV key hashes as twemproxy computes them.
///
/// twemproxy reads key bytes as C `char`, which is signed on x86-64: a byte
/// >= 0x80 is sign-extended before it is mixed in. That only changes keys with
/// such bytes (UTF-8 text, binary keys), so tests built on ASCII keys never
/// notice. drover follows x86-64 builds on every platform (a twemproxy built
/// for arm64 Linux, where `char` is unsigned, places such keys differently).
enum FNV {
    private static let offset64: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime64: UInt64 = 0x0000_0100_0000_01b3
    private static let offset32: UInt32 = 2_166_136_261
    private static let prime32: UInt32 = 16_777_619

    /// `fnv1_64`: 64-bit FNV-1 truncated to its low 32 bits.
    static func fnv1_64(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var hash = offset64
        for byte in key {
            hash = (hash &* prime64) ^ UInt64(bitPattern: Int64(Int8(bitPattern: byte)))
        }
        return UInt32(truncatingIfNeeded: hash)
    }

    /// `fnv1a_64`: despite its name a 32-bit FNV-1a seeded and multiplied with
    /// the low halves of the 64-bit offset basis and prime.
    static func fnv1a_64(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var hash = UInt32(truncatingIfNeeded: offset64)
        let prime = UInt32(truncatingIfNeeded: prime64)
        for byte in key {
            hash = (hash ^ signExtended(byte)) &* prime
        }
        return hash
    }

    /// `fnv1_32`: 32-bit FNV-1.
    static func fnv1_32(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var hash = offset32
        for byte in key {
            hash = (hash &* prime32) ^ signExtended(byte)
        }
        return hash
    }

    /// `fnv1a_32`: 32-bit FNV-1a.
    static func fnv1a_32(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var hash = offset32
        for byte in key {
            hash = (hash ^ signExtended(byte)) &* prime32
        }
        return hash
    }
}

/// A key byte as C's signed `char` converted to `uint32_t`.
@inline(__always)
func signExtended(_ byte: UInt8) -> UInt32 {
    UInt32(bitPattern: Int32(Int8(bitPattern: byte)))
}
