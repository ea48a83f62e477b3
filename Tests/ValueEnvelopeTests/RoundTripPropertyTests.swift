import RESP
import SharedTestSupport
import Testing
@testable import ValueEnvelope

/// The envelope's invariant: a client reads back exactly the bytes it wrote.
@Suite("Value envelope round trips (property)")
struct RoundTripPropertyTests {
    static let codecs = [
        ValueCodec(compression: .init(minSize: 1, level: 1), herdTimeoutSeconds: 0),
        ValueCodec(compression: .init(minSize: 64, level: 6), herdTimeoutSeconds: 0),
        ValueCodec(compression: .init(minSize: 1024, level: 9), herdTimeoutSeconds: 0),
        ValueCodec(compression: nil, herdTimeoutSeconds: 10),
        ValueCodec(compression: .init(minSize: 32, level: 6), herdTimeoutSeconds: 1),
    ]

    /// A random value of one of several kinds, a quarter of them beginning with the magic.
    static func randomValue(_ rng: inout SplitMix64) -> [UInt8] {
        let length = Int.random(in: 0...(Bool.random(using: &rng) ? 64 : 3000), using: &rng)
        func randomBytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: return randomBytes(length)
        case 1, 2:  // compressible text
            let words = ["drover", "cache", "herd", " ", "redis", "{\"id\":", "}", "\n"]
            return Array((0..<length).map { _ in words.randomElement(using: &rng)! }.joined().utf8.prefix(length))
        case 3: return Envelope.magic + randomBytes(length)
        case 4:  // the magic and something that looks like a header
            let flags = UInt8.random(in: 0...9, using: &rng)
            return Envelope.magic + [1, flags] + randomBytes(12) + randomBytes(length)
        case 5: return Array(String(Int.random(in: -1_000_000...1_000_000, using: &rng)).utf8)
        case 6: return Array(Envelope.magic.prefix(Int.random(in: 0...4, using: &rng)))
        default:  // a valid envelope, as a client might store one it read elsewhere
            let inner = ValueCodec(compression: .init(minSize: 1, level: 6), herdTimeoutSeconds: 5)
            return randomBytes(length).withUnsafeBytes { inner.stored($0, expiryMs: 123) }
        }
    }

    @Test("12,000 random values through every kind of pool")
    func roundTrip() {
        var rng = SplitMix64(seed: 0xD20E_5EED)
        var magicCases = 0
        for index in 0..<12_000 {
            let value = Self.randomValue(&rng)
            let codec = Self.codecs[index % Self.codecs.count]
            let expiry: Int64? = Bool.random(using: &rng) ? Int64.random(in: 0...4_000_000_000_000, using: &rng) : nil
            let stored = value.withUnsafeBytes { codec.stored($0, expiryMs: expiry) }
            if value.starts(with: Envelope.magic) { magicCases += 1 }

            #expect(ValueCodec.value(of: stored) == value, "case \(index)")
            // Whatever is stored either is the value itself, which cannot start with the
            // magic, or a valid envelope.
            if stored == value {
                #expect(!value.starts(with: Envelope.magic), "case \(index) stored raw with the magic")
            } else {
                let header = stored.withUnsafeBytes(Envelope.header)
                #expect(header?.length == value.count, "case \(index)")
                if header?.flags.contains(.compressed) == true {
                    #expect(stored.count < value.count, "case \(index) compressed but not smaller")
                    #expect(value.count >= codec.compression!.minSize, "case \(index)")
                }
            }
            // Through the reply path, at a time before any logical expiry.
            let plan = ReplyPlan(shape: .value, read: .elect, keys: codec.herdEnabled ? [[1]] : [])
            let reply = bulk(stored)
            let outcome = reply.withUnsafeBytes { plan.finish($0, codec: codec, nowMs: 0, resp3: false) }
            switch outcome {
            case .forward: #expect(reply == bulk(value), "case \(index)")
            case .reply(let bytes): #expect(bytes == bulk(value), "case \(index)")
            case .elect: Issue.record("case \(index): elected before the expiry")
            }
        }
        #expect(magicCases > 2_500)
    }

    @Test("values written before the feature (no envelope) read back unchanged")
    func rawValues() {
        var rng = SplitMix64(seed: 42)
        for index in 0..<2_000 {
            var value = Self.randomValue(&rng)
            if value.starts(with: Envelope.magic) { value[0] = 0xFE }
            #expect(ValueCodec.value(of: value) == value, "case \(index)")
        }
    }
}
