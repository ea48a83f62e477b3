import Testing
import RESP

@Suite("ReplyFramer: RESP2 and RESP3 replies")
struct ReplyFramerTests {
    @Test(arguments: [
        "+OK\r\n",
        "+\r\n",
        "-ERR unknown command 'FOO'\r\n",
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        ":0\r\n",
        ":-12345\r\n",
        ":9223372036854775807\r\n",
        "$5\r\nhello\r\n",
        "$0\r\n\r\n",
        "$-1\r\n",
        "$12\r\nline1\r\nline2\r\n",
        "*0\r\n",
        "*-1\r\n",
        "*2\r\n$3\r\nfoo\r\n$-1\r\n",
        "*3\r\n:1\r\n*2\r\n+a\r\n-ERR b\r\n$1\r\nc\r\n",
        "*2\r\n*0\r\n*-1\r\n",
    ])
    func resp2Replies(reply: String) {
        verifyReply(bytes(reply))
    }

    @Test(arguments: [
        "_\r\n",
        ",3.14\r\n",
        ",inf\r\n",
        "#t\r\n",
        "#f\r\n",
        "(3492890328409238509324850943850943825024385\r\n",
        "!21\r\nSYNTAX invalid syntax\r\n",
        "=15\r\ntxt:Some string\r\n",
        "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n",
        "%0\r\n",
        "~3\r\n+a\r\n+b\r\n+c\r\n",
        ">3\r\n+message\r\n+channel\r\n$5\r\nhello\r\n",
        "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n",
        "|0\r\n+annotated\r\n",
        "|1\r\n+a\r\n+b\r\n|1\r\n+c\r\n+d\r\n:7\r\n",
        "*2\r\n|1\r\n+ttl\r\n:3600\r\n$1\r\nv\r\n:2\r\n",
        "%1\r\n*2\r\n:1\r\n:2\r\n~1\r\n_\r\n",
    ])
    func resp3Replies(reply: String) {
        verifyReply(bytes(reply))
    }

    @Test func binaryBulkWithCRLFInside() {
        let value: [UInt8] = [13, 10, 0, 255, 36, 13, 10]
        verifyReply(bytes("$7\r\n") + value + bytes("\r\n"))
        verifyReply(bytes("*2\r\n$7\r\n") + value + bytes("\r\n$2\r\n\r\n\r\n"))
    }

    @Test func attributeBelongsToTheReplyItAnnotates() {
        let reply = bytes("|1\r\n+a\r\n+b\r\n:1\r\n")
        #expect(frameReply(reply + bytes(":2\r\n")) == .reply(length: reply.count))
    }

    @Test func bigBulkHintsItsTotalSize() {
        let value = [UInt8](repeating: 97, count: 50_000)
        let reply = bytes("$50000\r\n") + value + bytes("\r\n")
        var framer = ReplyFramer()
        #expect(withMovedBytes(reply[..<9], { framer.frame($0) }) == .incomplete(needed: reply.count))
        #expect(withMovedBytes(reply[..<(reply.count - 1)], { framer.frame($0) }) == .incomplete(needed: reply.count))
        #expect(withMovedBytes(reply[...], { framer.frame($0) }) == .reply(length: reply.count))
    }

    @Test func deeplyNestedRepliesFrame() {
        // hiredis 0.14 gives up beyond 7 levels (COMMAND DOCS, deep EVAL results).
        verifyReply(nested(depth: 20))
        verifyReply(nested(depth: 1024))
        #expect(frameReply(nested(depth: 1025))
                == .error(ProtocolError(message: "ERR Protocol error: reply nested deeper than 1024 levels")))
        #expect(frameReply(nested(depth: 8), maxDepth: 8) == .reply(length: nested(depth: 8).count))
        #expect(frameReply(nested(depth: 9), maxDepth: 8)
                == .error(ProtocolError(message: "ERR Protocol error: reply nested deeper than 8 levels")))
        // Depth counts open aggregates, not how many were seen.
        let wide = bytes("*3\r\n") + Array(repeating: nested(depth: 7), count: 3).joined()
        #expect(frameReply(wide, maxDepth: 8) == .reply(length: wide.count))
    }

    @Test func defaultDepthIsBeyondWhatRedisSends() {
        // Redis 7 returns Lua tables nested up to about 8,000 deep; a refused reply would
        // break the backend connection that other clients share.
        #expect(ReplyFramer().maxDepth >= 10_000)
        var framer = ReplyFramer()
        let deep = nested(depth: 10_000)
        #expect(withMovedBytes(deep[...], { framer.frame($0) }) == .reply(length: deep.count))
    }

    @Test func wideArray() {
        let elements = (0..<10_000).map { bytes("$\(String($0).count)\r\n\($0)\r\n") }
        verifyReply(bytes("*10000\r\n") + elements.joined())
    }

    @Test func resetForgetsAPartialReply() {
        var framer = ReplyFramer()
        #expect(withMovedBytes(bytes("*2\r\n:1\r\n")[...], { framer.frame($0) }) == .incomplete(needed: 9))
        framer.reset()
        #expect(withMovedBytes(bytes(":5\r\n")[...], { framer.frame($0) }) == .reply(length: 4))
        #expect(frameReply([]) == .incomplete(needed: 1))
    }

    @Test func framerIsReusedAcrossReplies() {
        var framer = ReplyFramer()
        for reply in ["*1\r\n*1\r\n:1\r\n", "+OK\r\n", "%1\r\n+a\r\n*1\r\n:2\r\n"] {
            let wire = bytes(reply)
            #expect(wire.withUnsafeBytes { framer.frame($0) } == .reply(length: wire.count))
        }
    }

    /// `depth` arrays of one element each around `:1`.
    private func nested(depth: Int) -> [UInt8] {
        Array(repeating: bytes("*1\r\n"), count: depth).joined() + bytes(":1\r\n")
    }
}

@Suite("ReplyFramer: bad replies")
struct ReplyFramerBadInputTests {
    @Test(arguments: [
        ("?what\r\n", "ERR Protocol error: unknown reply type byte 63"),
        ("\r\n", "ERR Protocol error: unknown reply type byte 13"),
        ("*1\r\nhello\r\n", "ERR Protocol error: unknown reply type byte 104"),
        ("$?\r\n;4\r\nHell\r\n;0\r\n", "ERR Protocol error: streamed RESP3 replies are not supported"),
        ("*?\r\n:1\r\n.\r\n", "ERR Protocol error: streamed RESP3 replies are not supported"),
        ("%?\r\n", "ERR Protocol error: streamed RESP3 replies are not supported"),
        ("$-2\r\n", "ERR Protocol error: invalid length in reply"),
        ("*-2\r\n", "ERR Protocol error: invalid length in reply"),
        ("!-1\r\n", "ERR Protocol error: invalid length in reply"),
        ("%-1\r\n", "ERR Protocol error: invalid length in reply"),
        ("$abc\r\n", "ERR Protocol error: invalid length in reply"),
        ("*99999999999999999999\r\n", "ERR Protocol error: invalid length in reply"),
        ("%9223372036854775807\r\n", "ERR Protocol error: invalid length in reply"),
        ("$9223372036854775807\r\n", "ERR Protocol error: invalid length in reply"),
        ("=1099511627777\r\n", "ERR Protocol error: invalid length in reply"),
        ("$3\r\nfooXY", "ERR Protocol error: reply not terminated by CRLF"),
        ("$3\r\nfoo\rX", "ERR Protocol error: reply not terminated by CRLF"),
        ("+OK\rX", "ERR Protocol error: reply not terminated by CRLF"),
        ("$3\rXfoo\r\n", "ERR Protocol error: reply not terminated by CRLF"),
    ])
    func badReplies(reply: String, message: String) {
        #expect(frameReply(bytes(reply)) == .error(ProtocolError(message: message)))
        // Fed one byte at a time, the same error comes out.
        var framer = ReplyFramer()
        let wire = bytes(reply)
        var result: ReplyFrame = .incomplete(needed: 1)
        for k in 1...wire.count {
            result = withMovedBytes(wire[..<k], { framer.frame($0) })
            if case .incomplete = result { continue }
            break
        }
        #expect(result == .error(ProtocolError(message: message)))
    }

    @Test func hugeCountsAllocateNothing() {
        // A count is only a number on the stack: nothing is sized from it.
        #expect(frameReply(bytes("*3000000000\r\n:1\r\n")) == .incomplete(needed: 18))
        #expect(frameReply(bytes("$3000000000\r\n")) == .incomplete(needed: 13 + 3_000_000_000 + 2))
    }

    @Test func framerRecoversAfterAnError() {
        var framer = ReplyFramer()
        #expect(bytes("*1\r\n?\r\n").withUnsafeBytes { framer.frame($0) }
                == .error(ProtocolError(message: "ERR Protocol error: unknown reply type byte 63")))
        #expect(bytes("*1\r\n:1\r\n").withUnsafeBytes { framer.frame($0) } == .reply(length: 8))
    }
}
