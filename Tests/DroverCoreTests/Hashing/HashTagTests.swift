import Testing
import DroverCore

struct HashTagTests {
    @Test(arguments: [
        ("user{42}:name", "42"),
        ("{tag}suffix", "tag"),
        ("prefix{tag}", "tag"),
        ("{a}{b}", "a"),
        ("{{x}}", "{x"),
        ("plain", "plain"),
        ("no{close", "no{close"),
        ("empty{}tag", "empty{}tag"),
        ("{}{b}", "{}{b}"),
        ("x}y{z}", "z"),
        ("tail{", "tail{"),
        ("}{", "}{"),
        ("{ключ}тег", "ключ"),
        ("", ""),
    ])
    func braces(key: String, hashed: String) {
        let tag = HashTag("{}")!
        #expect(part(of: key, tag) == hashed)
    }

    @Test func sameOpenAndClose() {
        let tag = HashTag("::")!
        #expect(part(of: "a:b:c", tag) == "b")
        #expect(part(of: "::x", tag) == "::x")
        #expect(part(of: ":x", tag) == ":x")
        #expect(part(of: ":x:", tag) == "x")
    }

    @Test func specMustBeTwoBytes() {
        #expect(HashTag("{}") != nil)
        #expect(HashTag("[]")?.open == UInt8(ascii: "["))
        #expect(HashTag("[]")?.close == UInt8(ascii: "]"))
        #expect(HashTag("") == nil)
        #expect(HashTag("{") == nil)
        #expect(HashTag("{}}") == nil)
        // One character but two UTF-8 bytes: twemproxy counts bytes.
        #expect(HashTag("é") != nil)
        #expect(HashTag("«»") == nil)
    }

    @Test func hashedRangePointsIntoTheKey() {
        let key = Array("ab{cd}ef".utf8)
        let range = key.withUnsafeBytes { HashTag("{}")!.hashedRange(of: $0) }
        #expect(range == 3..<5)
    }

    private func part(of key: String, _ tag: HashTag) -> String {
        let bytes = Array(key.utf8)
        return bytes.withUnsafeBytes { String(decoding: tag.hashedPart(of: $0), as: UTF8.self) }
    }
}
