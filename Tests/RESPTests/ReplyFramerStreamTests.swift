import SharedTestSupport
import Testing
import RESP

/// Property-style checks: random valid reply streams, cut at random points, always frame to
/// the same sequence of replies.
@Suite("ReplyFramer: random streams")
struct ReplyFramerStreamTests {
    /// A random reply, built without recursion: a work list of elements still to write.
    private static func randomReply(_ rng: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = []
        var pending = 1
        var depth = 0
        while pending > 0 {
            pending -= 1
            let roll = Int.random(in: 0..<20, using: &rng)
            if roll < 5 && depth < 30 {
                let n = Int.random(in: 0...4, using: &rng)
                let kind = ["*", "~", ">", "%", "|"].randomElement(using: &rng)!
                out += bytes("\(kind)\(n)\r\n")
                pending += kind == "%" ? 2 * n : kind == "|" ? 2 * n + 1 : n
                depth += 1
                continue
            }
            switch roll {
            case 5: out += bytes("+OK\r\n")
            case 6: out += bytes("-ERR something went wrong\r\n")
            case 7: out += bytes(":\(Int.random(in: -1000...1000, using: &rng))\r\n")
            case 8: out += bytes("$-1\r\n")
            case 9: out += bytes("*-1\r\n")
            case 10: out += bytes("_\r\n")
            case 11: out += bytes(",1.5e10\r\n")
            case 12: out += bytes("#t\r\n")
            case 13: out += bytes("(12345678901234567890\r\n")
            case 14: out += bytes("=8\r\ntxt:a\r\nb\r\n")
            case 15: out += bytes("!9\r\nERR \r\nbad\r\n")
            default:
                let size = Int.random(in: 0..<10, using: &rng) == 0
                    ? Int.random(in: 100...2000, using: &rng) : Int.random(in: 0...10, using: &rng)
                let value = (0..<size).map { _ in [13, 10, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng)! }
                out += bytes("$\(size)\r\n") + value + bytes("\r\n")
            }
        }
        return out
    }

    @Test(arguments: 0..<40)
    func randomStreamsFrameTheSameHoweverCut(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed) &* 104_729 &+ 3)
        var stream: [UInt8] = []
        var expected: [StreamEvent] = []
        for _ in 0..<Int.random(in: 1...25, using: &rng) {
            let reply = Self.randomReply(&rng)
            stream += reply
            expected.append(.reply(reply))
        }
        // Compared outside #expect so a failure prints a summary, not kilobytes of bytes.
        let whole = frameReplyStream(stream, chunks: [stream.count])
        let wholeMatches = whole.events == expected
        #expect(wholeMatches, "seed \(seed): \(summary(whole.events)) vs \(summary(expected))")
        for maxChunk in [1, 2, 9, 100, 2000] where maxChunk > 1 || stream.count < 4000 {
            var chunks: [Int] = []
            var left = stream.count
            while left > 0 {
                let size = Swift.min(left, Int.random(in: 1...maxChunk, using: &rng))
                chunks.append(size)
                left -= size
            }
            let cut = frameReplyStream(stream, chunks: chunks)
            let matches = cut.events == expected && cut.rest.isEmpty
            #expect(matches, "seed \(seed), chunks up to \(maxChunk): \(summary(cut.events)) vs \(summary(expected))")
        }
    }
}
