import RESP
import Testing
@testable import ValueEnvelope

@Suite("Envelope header")
struct EnvelopeFormatTests {
    @Test("the header's bytes are the documented layout")
    func goldenHeader() {
        let out = ByteBuffer(capacity: 32)
        Envelope.appendHeader(.init(flags: [.compressed, .herd], expiryMs: 0x0102_0304_0506_0708, length: 0x0A0B_0C0D), to: out)
        #expect(out.readableBytes == [0xFF, 0x44, 0x52, 0x56, 1, 3, 1, 2, 3, 4, 5, 6, 7, 8, 0x0A, 0x0B, 0x0C, 0x0D])
        #expect(Envelope.expiryBytes(0x0102_0304_0506_0708) == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test("a header reads back; anything malformed is a raw value")
    func parsing() {
        func stored(version: UInt8 = 1, flags: UInt8, length: Int, payload: Int) -> [UInt8] {
            Envelope.magic + [version, flags] + Envelope.expiryBytes(42)
                + [0, 0, UInt8(length >> 8), UInt8(length & 0xFF)] + [UInt8](repeating: 7, count: payload)
        }
        let valid = stored(flags: 2, length: 3, payload: 3)
        #expect(valid.withUnsafeBytes(Envelope.header) == Envelope.Header(flags: .herd, expiryMs: 42, length: 3))
        // Compressed: the length is the inflated one, not checked against the payload here.
        #expect(stored(flags: 1, length: 300, payload: 5).withUnsafeBytes(Envelope.header)?.length == 300)
        #expect(stored(version: 2, flags: 2, length: 3, payload: 3).withUnsafeBytes(Envelope.header) == nil)
        #expect(stored(flags: 8, length: 3, payload: 3).withUnsafeBytes(Envelope.header) == nil)
        #expect(stored(flags: 2, length: 4, payload: 3).withUnsafeBytes(Envelope.header) == nil)
        #expect(Array(valid.prefix(17)).withUnsafeBytes(Envelope.header) == nil)
        #expect(([0xFF, 0x44, 0x52, 0x57] + valid.dropFirst(4)).withUnsafeBytes(Envelope.header) == nil)
    }

    @Test("SHA-1 matches the standard's test vectors")
    func sha1() {
        #expect(SHA1.hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex([]) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(SHA1.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test("EVAL form of a script call swaps the SHA for the body")
    func evalForm() {
        let codec = ValueCodec(compression: nil, herdTimeoutSeconds: 10)
        let call = Array("k".utf8).withUnsafeBytes {
            EnvelopeScript.call("persist", keys: [$0], nowMs: 5, arguments: [.text("x")], codec: codec)
        }
        #expect(texts(of: call) == ["EVALSHA", EnvelopeScript.sha, "1", "k", "persist", "5", "x"])
        #expect(texts(of: EnvelopeScript.evalForm(of: call)) == ["EVAL", EnvelopeScript.body, "1", "k", "persist", "5", "x"])
        #expect(Array("-NOSCRIPT No matching script.\r\n".utf8).withUnsafeBytes(EnvelopeScript.isNoScript))
        #expect(!Array("-ERR x\r\n".utf8).withUnsafeBytes(EnvelopeScript.isNoScript))
    }
}
