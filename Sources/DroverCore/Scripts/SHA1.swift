/// SHA-1 (FIPS 180-4), written here because Redis names Lua scripts by the SHA-1 of their
/// body and drover must know a script's name to keep its body. Not for security.
public enum SHA1 {
    /// The 20-byte digest of `bytes`.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        let fullBlocks = bytes.count / 64
        for block in 0..<fullBlocks {
            compress(&h, UnsafeRawBufferPointer(rebasing: bytes[(block * 64)..<(block * 64 + 64)]))
        }
        // The tail, the 0x80 marker and the big-endian bit length take one or two blocks.
        let tailCount = bytes.count - fullBlocks * 64
        var tail = [UInt8](repeating: 0, count: tailCount < 56 ? 64 : 128)
        for i in 0..<tailCount { tail[i] = bytes[fullBlocks * 64 + i] }
        tail[tailCount] = 0x80
        let bitLength = UInt64(truncatingIfNeeded: bytes.count) &* 8
        for i in 0..<8 { tail[tail.count - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * i)) }
        tail.withUnsafeBytes { padded in
            for block in 0..<(padded.count / 64) {
                compress(&h, UnsafeRawBufferPointer(rebasing: padded[(block * 64)..<(block * 64 + 64)]))
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(20)
        for word in h { for shift in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) } }
        return out
    }

    /// The digest as 40 lowercase hex digits, the way Redis prints a script's SHA1.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(40)
        for byte in digest(bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func compress(_ h: inout [UInt32], _ block: UnsafeRawBufferPointer) {
        var w = [UInt32](repeating: 0, count: 80)
        for i in 0..<16 {
            w[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16
                | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
        }
        for i in 16..<80 {
            let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
            w[i] = x << 1 | x >> 31
        }
        var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
        for i in 0..<80 {
            let f: UInt32
            let k: UInt32
            switch i {
            case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
            case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
            case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
            default: f = b ^ c ^ d; k = 0xCA62_C1D6
            }
            let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
            e = d
            d = c
            c = b << 30 | b >> 2
            b = a
            a = t
        }
        h[0] &+= a
        h[1] &+= b
        h[2] &+= c
        h[3] &+= d
        h[4] &+= e
    }
}
