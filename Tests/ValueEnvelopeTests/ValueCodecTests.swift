import RESP
import SharedTestSupport
import Testing
@testable import ValueEnvelope

@Suite("What the codec stores")
struct ValueCodecTests {
    let both = ValueCodec(compression: .init(minSize: 100, level: 6), herdTimeoutSeconds: 30)

    func stored(_ value: [UInt8], _ codec: ValueCodec, expiry: Int64? = nil) -> [UInt8] {
        value.withUnsafeBytes { codec.stored($0, expiryMs: expiry) }
    }

    @Test("large compressible values are compressed, small and incompressible ones are not")
    func compression() {
        let text = [UInt8](repeating: UInt8(ascii: "a"), count: 100_000)
        let packed = stored(text, both)
        #expect(packed.count < 1_000)
        #expect(packed.withUnsafeBytes(Envelope.header) == Envelope.Header(flags: .compressed, length: 100_000))
        #expect(stored(Array(text.prefix(99)), both) == Array(text.prefix(99)))
        var rng = SplitMix64(seed: 7)
        let noise = (0..<5_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        #expect(stored(noise, both) == noise)
    }

    @Test("a TTL on a herd pool records the logical expiry; numbers are never enveloped")
    func herd() {
        let value = Array("payload".utf8)
        let withExpiry = stored(value, both, expiry: 1_700_000_000_123)
        #expect(withExpiry.withUnsafeBytes(Envelope.header)
                == Envelope.Header(flags: .herd, expiryMs: 1_700_000_000_123, length: 7))
        #expect(Array(withExpiry.suffix(7)) == value)
        #expect(stored(value, both) == value)
        let compressOnly = ValueCodec(compression: .init(minSize: 1, level: 6), herdTimeoutSeconds: 0)
        #expect(stored(value, compressOnly, expiry: 5) == value, "no herd flag without herd_timeout")
        for number in ["12345", "-3", "2.5", String(repeating: "9", count: 60)] {
            let one = ValueCodec(compression: .init(minSize: 1, level: 9), herdTimeoutSeconds: 10)
            #expect(stored(Array(number.utf8), one, expiry: 99) == Array(number.utf8), "\(number)")
        }
    }

    @Test("storesAsIs is true only where the stored form is the value itself")
    func storesAsIs() {
        var rng = SplitMix64(seed: 11)
        for index in 0..<3_000 {
            let value = RoundTripPropertyTests.randomValue(&rng)
            let expiry: Int64? = index % 2 == 0 ? 5 : nil
            if value.withUnsafeBytes({ both.storesAsIs($0, expiryMs: expiry) }) {
                #expect(stored(value, both, expiry: expiry) == value, "case \(index)")
            }
        }
        #expect(Array("42".utf8).withUnsafeBytes { both.storesAsIs($0, expiryMs: 5) })
        #expect(!Array("text".utf8).withUnsafeBytes { both.storesAsIs($0, expiryMs: 5) })
        #expect(Array("text".utf8).withUnsafeBytes { both.storesAsIs($0, expiryMs: nil) })
    }

    @Test("a raw value beginning with the magic is escaped")
    func escape() {
        let value = Envelope.magic + Array("tail".utf8)
        let escaped = stored(value, both)
        #expect(escaped.count == Envelope.headerSize + value.count)
        #expect(escaped.withUnsafeBytes(Envelope.header) == Envelope.Header(flags: [], length: value.count))
        #expect(ValueCodec.value(of: escaped) == value)
    }

    @Test("a corrupt compressed payload reads back as the stored bytes")
    func corrupt() {
        var packed = stored([UInt8](repeating: 1, count: 10_000), both)
        packed[packed.count - 3] ^= 0xFF
        #expect(ValueCodec.value(of: packed) == packed)
        // A header claiming far more than zlib can inflate to is not trusted with memory.
        var huge = packed
        huge.replaceSubrange(14..<18, with: [0xFF, 0xFF, 0xFF, 0xF0])
        #expect(ValueCodec.value(of: huge) == huge)
    }

    @Test("herd states over time")
    func herdStates() {
        let fresh = Envelope.Header(flags: .herd, expiryMs: 1_000, length: 1)
        #expect(both.herdState(fresh, nowMs: 999) == .fresh)
        #expect(both.herdState(fresh, nowMs: 1_000) == .staleUnclaimed)
        #expect(both.herdState(Envelope.Header(flags: [.herd, .claimed], expiryMs: 1_000, length: 1), nowMs: 5_000) == .staleClaimed)
        #expect(both.herdState(Envelope.Header(flags: [], length: 1), nowMs: 5_000) == .fresh)
        let compressOnly = ValueCodec(compression: .init(minSize: 1, level: 6), herdTimeoutSeconds: 0)
        #expect(compressOnly.herdState(fresh, nowMs: 5_000) == .fresh, "herd switched off: no election")
    }
}
