import DroverCore
import Testing

@Suite struct ScriptBookTests {
    private func sha(_ s: String) -> String { Array(s.utf8).withUnsafeBytes { SHA1.hex($0) } }

    @Test func sha1GoldenValues() {
        // FIPS 180 examples, and one longer than two blocks.
        #expect(sha("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(sha("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(sha(String(repeating: "a", count: 1000)) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
        // As Redis names a script (SCRIPT LOAD answers this).
        #expect(sha("return redis.call('GET', KEYS[1])") == "d3c21d0c2b9ca22f82737626a27bcaf5d288f99f")
    }

    @Test func keepsBodiesBySHA() {
        var book = ScriptBook()
        let body = Array("return 1".utf8)
        let name = body.withUnsafeBytes { book.record($0) }
        #expect(name == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
        #expect(Array(name.utf8).withUnsafeBytes { book.body(forSHA: $0) } == body)
        #expect(Array(name.uppercased().utf8).withUnsafeBytes { book.body(forSHA: $0) } == body, "EVALSHA ignores case")
        #expect(Array("e0e1".utf8).withUnsafeBytes { book.body(forSHA: $0) } == nil)
        #expect(book.count == 1)
        body.withUnsafeBytes { _ = book.record($0) }
        #expect(book.count == 1)
        book.removeAll()
        #expect(Array(name.utf8).withUnsafeBytes { book.body(forSHA: $0) } == nil)
    }

    @Test func recognisesNoScript() {
        #expect(Array("-NOSCRIPT No matching script. Please use EVAL.\r\n".utf8).withUnsafeBytes { ScriptBook.isNoScript($0) })
        #expect(!Array("-ERR NOSCRIPT\r\n".utf8).withUnsafeBytes { ScriptBook.isNoScript($0) })
        #expect(!Array("$8\r\nNOSCRIPT\r\n".utf8).withUnsafeBytes { ScriptBook.isNoScript($0) })
    }
}
