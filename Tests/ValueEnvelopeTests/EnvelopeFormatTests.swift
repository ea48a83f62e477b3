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

    @Test("EVAL form of a script call swaps the SHA for the body")
    func evalForm() {
        let codec = ValueCodec(compression: nil, herdTimeoutSeconds: 10)
        let call = Array("k".utf8).withUnsafeBytes {
            EnvelopeScript.call("persist", keys: [$0], nowMs: 5, arguments: [.text("x")], codec: codec)
        }
        #expect(texts(of: call) == ["EVALSHA", EnvelopeScript.sha, "1", "k", "persist", "5", "x"])
        #expect(texts(of: EnvelopeScript.evalForm(of: call)) == ["EVAL", EnvelopeScript.body, "1", "k", "persist", "5", "x"])
    }
}
