import Testing
@testable import DroverCore

/// The RFC 1321 test suite, plus lengths around the padding boundaries.
struct MD5Tests {
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
         "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func rfc1321(message: String, expected: String) {
        #expect(hex(Array(message.utf8)) == expected)
    }

    /// 55, 56, 63, 64 and 65 bytes straddle the one/two padding block boundary.
    @Test(arguments: [
        (55, "ef1772b6dff9a122358552954ad0df65"),
        (56, "3b0c8ac703f828b04c6c197006d17218"),
        (63, "b06521f39153d618550606be297466d5"),
        (64, "014842d480b571495a4a0363793f7367"),
        (65, "c743a45e0d2e6a95cb859adae0248435"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        #expect(hex(Array(repeating: UInt8(ascii: "a"), count: length)) == expected)
    }

    @Test func wordsAreLittleEndianDigestBytes() {
        let bytes = Array("apple".utf8)
        let digest = bytes.withUnsafeBytes { MD5.digest($0) }
        let words = bytes.withUnsafeBytes { MD5.digestWords($0) }
        let first = UInt32(digest[0]) | UInt32(digest[1]) << 8 | UInt32(digest[2]) << 16 | UInt32(digest[3]) << 24
        #expect(words.0 == first)
        #expect(digest.count == 16)
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { MD5.digest($0) }
            .map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
    }
}
