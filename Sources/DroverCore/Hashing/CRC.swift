/// The three CRC-based key hashes twemproxy offers, each with its own quirk.
enum CRC {
    /// twemproxy's `crc16`: the CRC-16/XMODEM table (polynomial 0x1021, MSB first),
    /// but the running value is a 32-bit word that is never cut back to 16 bits,
    /// so results grow past 0xffff (`crc16("apple")` is 3662830516).
    static func crc16(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0
        for byte in key {
            crc = (crc << 8) ^ UInt32(xmodemTable[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)])
        }
        return crc
    }

    /// twemproxy's `crc32`, kept compatible with libmemcached: a standard CRC-32
    /// whose bits 16...30 are the hash, so it never exceeds 0x7fff. With ketama
    /// that piles every key onto the first few ring points.
    static func crc32(_ key: UnsafeRawBufferPointer) -> UInt32 {
        (~reflectedCRC32(key) >> 16) & 0x7fff
    }

    /// twemproxy's `crc32a`: the standard CRC-32 (as zlib computes it).
    static func crc32a(_ key: UnsafeRawBufferPointer) -> UInt32 {
        ~reflectedCRC32(key)
    }

    /// The CRC-32 register after `key`, before the final inversion.
    private static func reflectedCRC32(_ key: UnsafeRawBufferPointer) -> UInt32 {
        var crc = UInt32.max
        for byte in key {
            crc = (crc >> 8) ^ crc32Table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)]
        }
        return crc
    }

    /// Byte-at-a-time table for CRC-32 (reflected polynomial 0xEDB88320).
    private static let crc32Table: [UInt32] = (0..<256).map { (entry: Int) -> UInt32 in
        var value = UInt32(entry)
        for _ in 0..<8 {
            value = value & 1 == 1 ? (value >> 1) ^ 0xedb8_8320 : value >> 1
        }
        return value
    }

    /// Byte-at-a-time table for CRC-16/XMODEM (polynomial 0x1021, MSB first).
    private static let xmodemTable: [UInt16] = (0..<256).map { (entry: Int) -> UInt16 in
        var value = UInt16(entry) << 8
        for _ in 0..<8 {
            value = value & 0x8000 != 0 ? (value << 1) ^ 0x1021 : value << 1
        }
        return value
    }
}
