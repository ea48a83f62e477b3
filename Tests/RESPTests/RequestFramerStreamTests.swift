import SharedTestSupport
import Testing
import RESP

/// Property-style checks: random valid request streams, cut at random points, always frame
/// to the same sequence of requests.
@Suite("RequestFramer: random streams")
struct RequestFramerStreamTests {
    /// One random request and what framing it must yield.
    private static func randomRequest(_ rng: inout SplitMix64) -> (bytes: [UInt8], expected: FramedRequest) {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0:
            let wire = [bytes("*0\r\n"), bytes("*-1\r\n"), bytes("\r\n"), bytes("\n")].randomElement(using: &rng)!
            return (wire, FramedRequest(length: wire.count, args: [], inline: wire[0] != UInt8(ascii: "*")))
        case 1, 2:
            return randomInline(&rng)
        default:
            var args: [[UInt8]] = []
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let size = Int.random(in: 0..<20, using: &rng) == 0
                    ? Int.random(in: 100...3000, using: &rng) : Int.random(in: 0...12, using: &rng)
                // Any byte, CR and LF and '$' and '*' included.
                args.append((0..<size).map { _ in
                    [13, 10, 36, 42, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng)!
                })
            }
            var wire = bytes("*\(args.count)\r\n")
            for arg in args { wire += bytes("$\(arg.count)\r\n") + arg + bytes("\r\n") }
            return (wire, FramedRequest(length: wire.count, args: args, inline: false))
        }
    }

    private static func randomInline(_ rng: inout SplitMix64) -> (bytes: [UInt8], expected: FramedRequest) {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789:{}-".utf8)
        var line: [UInt8] = []
        var args: [[UInt8]] = []
        for _ in 0..<Int.random(in: 1...5, using: &rng) {
            line += (0..<Int.random(in: 0...3, using: &rng)).map { _ in [32, 9].randomElement(using: &rng)! }
            if !line.isEmpty && ![32, 9].contains(line.last!) { line.append(32) }
            var word = (0..<Int.random(in: 1...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            if Bool.random(using: &rng) {
                word += [32]  // quoted words may hold spaces
                line += bytes("\"") + word + bytes("\"")
            } else {
                line += word
            }
            args.append(word)
        }
        line += Bool.random(using: &rng) ? bytes("\r\n") : bytes("\n")
        return (line, FramedRequest(length: line.count, args: args, inline: true))
    }

    private static func randomChunks(total: Int, maxChunk: Int, _ rng: inout SplitMix64) -> [Int] {
        var chunks: [Int] = []
        var left = total
        while left > 0 {
            let size = Swift.min(left, Int.random(in: 1...maxChunk, using: &rng))
            chunks.append(size)
            left -= size
        }
        return chunks
    }

    @Test(arguments: 0..<40)
    func randomStreamsFrameTheSameHoweverCut(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &* 7919 &+ 17)
        var stream: [UInt8] = []
        var expected: [StreamEvent] = []
        for _ in 0..<Int.random(in: 1...40, using: &rng) {
            let (wire, request) = Self.randomRequest(&rng)
            stream += wire
            expected.append(.request(request))
        }
        // Compared outside #expect so a failure prints a summary, not kilobytes of bytes.
        let whole = frameRequestStream(stream, chunks: [stream.count])
        let wholeMatches = whole.events == expected && whole.rest.isEmpty
        #expect(wholeMatches, "seed \(seed): \(summary(whole.events)) vs \(summary(expected))")
        for maxChunk in [1, 2, 7, 64, 1500] where maxChunk > 1 || stream.count < 4000 {
            let chunks = Self.randomChunks(total: stream.count, maxChunk: maxChunk, &rng)
            let cut = frameRequestStream(stream, chunks: chunks)
            let matches = cut.events == expected && cut.rest.isEmpty
            #expect(matches, "seed \(seed), chunks up to \(maxChunk): \(summary(cut.events)) vs \(summary(expected))")
        }
    }

    @Test(arguments: 0..<20)
    func anErrorEndsTheStreamTheSameHoweverCut(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &+ 1000)
        var stream: [UInt8] = []
        var expected: [StreamEvent] = []
        for _ in 0..<Int.random(in: 0...10, using: &rng) {
            let (wire, request) = Self.randomRequest(&rng)
            stream += wire
            expected.append(.request(request))
        }
        let bad: [(String, ProtocolError)] = [
            ("*1\r\n$-1\r\n", .invalidBulkLength),
            ("*3000000000\r\n", .invalidMultibulkLength),
            ("*2\r\n$3\r\nGET\r\nkey\r\n", .expectedDollar(got: UInt8(ascii: "k"))),
            ("ECHO \"unterminated\r\n", .unbalancedQuotes),
            ("*1\r\n$x\r\n", .invalidBulkLength),
        ]
        let (wire, error) = bad.randomElement(using: &rng)!
        stream += bytes(wire) + bytes("*1\r\n$4\r\nPING\r\n")
        expected.append(.error(error))
        for maxChunk in [stream.count, 1, 3, 50] {
            let chunks = Self.randomChunks(total: stream.count, maxChunk: maxChunk, &rng)
            let events = frameRequestStream(stream, chunks: chunks).events
            let matches = events == expected
            #expect(matches, "seed \(seed), chunks up to \(maxChunk): \(summary(events)) vs \(summary(expected))")
        }
    }
}
