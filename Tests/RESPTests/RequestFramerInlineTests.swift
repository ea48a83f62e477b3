import Testing
import RESP

@Suite("RequestFramer: inline commands")
struct RequestFramerInlineTests {
    @Test func pingWithAndWithoutCR() {
        verifyRequest(bytes("PING\r\n"), args: [bytes("PING")], inline: true)
        verifyRequest(bytes("PING\n"), args: [bytes("PING")], inline: true)
    }

    @Test func wordsSplitOnWhitespace() {
        verifyRequest(bytes("SET k v\r\n"), args: [bytes("SET"), bytes("k"), bytes("v")], inline: true)
        verifyRequest(bytes("  GET \t  key  \r\n"), args: [bytes("GET"), bytes("key")], inline: true)
        verifyRequest(bytes("GET a\r\r\n"), args: [bytes("GET"), bytes("a")], inline: true)
        // \v and \f are skipped between words but do not end a word (sdssplitargs).
        verifyRequest(bytes("\u{0B}ECHO a\u{0B}b\u{0C}\n"), args: [bytes("ECHO"), bytes("a\u{0B}b\u{0C}")], inline: true)
    }

    @Test func blankLinesAreEmptyRequests() {
        verifyRequest(bytes("\r\n"), args: [], inline: true)
        verifyRequest(bytes("\n"), args: [], inline: true)
        verifyRequest(bytes("   \t \r\n"), args: [], inline: true)
    }

    @Test func doubleQuotesTakeEscapes() {
        verifyRequest(bytes("SET k \"hello world\"\r\n"), args: [bytes("SET"), bytes("k"), bytes("hello world")], inline: true)
        verifyRequest(bytes("ECHO \"a\\x41\\x7a\\n\\r\\t\\b\\a\\\\\\\"\\q\"\r\n"),
                      args: [bytes("ECHO"), bytes("aAz\n\r\t\u{8}\u{7}\\\"q")], inline: true)
        verifyRequest(bytes("ECHO \"\\xZZ\\x4\"\n"), args: [bytes("ECHO"), bytes("xZZx4")], inline: true)
        verifyRequest(bytes("ECHO \"\\xff\\x00\"\n"), args: [bytes("ECHO"), [255, 0]], inline: true)
        verifyRequest(bytes("ECHO \"\" x\n"), args: [bytes("ECHO"), [], bytes("x")], inline: true)
    }

    @Test func singleQuotesTakeOnlyEscapedQuote() {
        verifyRequest(bytes("ECHO 'it\\'s'\r\n"), args: [bytes("ECHO"), bytes("it's")], inline: true)
        verifyRequest(bytes("ECHO 'a\\nb \"c\"'\r\n"), args: [bytes("ECHO"), bytes("a\\nb \"c\"")], inline: true)
    }

    @Test func quoteMayStartInsideAWord() {
        verifyRequest(bytes("ECHO a\"b c\"\r\n"), args: [bytes("ECHO"), bytes("ab c")], inline: true)
        verifyRequest(bytes("ECHO a'b c'\u{0B}d\r\n"), args: [bytes("ECHO"), bytes("ab c"), bytes("d")], inline: true)
    }

    @Test func unbalancedQuotes() {
        for line in ["ECHO \"abc\r\n", "ECHO 'abc\r\n", "ECHO \"a\"b\r\n", "ECHO 'a'b\r\n",
                     "ECHO a\"b c\"d\r\n", "ECHO \"x\\\"\r\n", "ECHO \"x\\\n"] {
            #expect(frameWhole(bytes(line)) == .error(.unbalancedQuotes), "\(line.debugDescription)")
        }
        #expect(ProtocolError.unbalancedQuotes.message == "ERR Protocol error: unbalanced quotes in request")
    }

    @Test func nulHidesTheNewlineAsInRedis() {
        // Redis finds the newline with strchr, which stops at a NUL: such a line never ends
        // (redis-server 7.0.15 does not answer "ECHO a\0b c\r\n").
        let line = bytes("ECHO a\u{0}b c\r\n")
        #expect(frameWhole(line) == .incomplete(needed: line.count + 1))
        var framer = RequestFramer()
        var args = ArgList()
        for k in 1...line.count {
            #expect(withMovedBytes(line[..<k]) { framer.frame($0, into: &args) } == .incomplete(needed: k + 1))
        }
        // A NUL made by an escape is an ordinary byte.
        verifyRequest(bytes("ECHO \"a\\x00b\"\r\n"), args: [bytes("ECHO"), [97, 0, 98]], inline: true)
    }

    @Test func inlineEncodingIsAMultibulkRequest() {
        let line = bytes("SET k \"v w\"\r\n")
        var framer = RequestFramer()
        var args = ArgList()
        #expect(line.withUnsafeBytes { framer.frame($0, into: &args) } == .request(length: line.count))
        let encoding = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv w\r\n")
        #expect(args.inlineEncoding == encoding)
        #expect((0..<args.count).map { args[$0] } == [
            ArgRange(offset: 8, count: 3), ArgRange(offset: 17, count: 1), ArgRange(offset: 24, count: 3),
        ])
        // The encoding frames as the same request.
        #expect(frameRequest(encoding)
                == FramedRequest(length: encoding.count, args: [bytes("SET"), bytes("k"), bytes("v w")], inline: false))
    }

    @Test func inlineEncodingOfBlankLineAndLongWords() {
        var framer = RequestFramer()
        var args = ArgList()
        let blank = bytes("\r\n")
        #expect(blank.withUnsafeBytes { framer.frame($0, into: &args) } == .request(length: 2))
        #expect(args.inlineEncoding == bytes("*0\r\n"))
        let word = String(repeating: "w", count: 1234)
        let line = bytes("ECHO \(word)\n")
        #expect(line.withUnsafeBytes { framer.frame($0, into: &args) } == .request(length: line.count))
        #expect(args.inlineEncoding == RESP.command(["ECHO", word]))
    }

    @Test func multibulkAfterInlineHasNoInlineEncoding() {
        var framer = RequestFramer()
        var args = ArgList()
        let inline = bytes("PING\r\n")
        let multibulk = RESP.command(["PING"])
        #expect(inline.withUnsafeBytes { framer.frame($0, into: &args) } == .request(length: 6))
        #expect(args.inlineEncoding != nil)
        #expect(multibulk.withUnsafeBytes { framer.frame($0, into: &args) } == .request(length: multibulk.count))
        #expect(args.inlineEncoding == nil)
        #expect(args[0] == ArgRange(offset: 8, count: 4))
    }

    @Test func inlineAndMultibulkMixInOneStream() {
        let stream = bytes("PING\r\n") + RESP.command(["GET", "k"]) + bytes("\nSET a 'b c'\n")
        let framed = frameRequestStream(stream, chunks: Array(repeating: 3, count: 20))
        #expect(framed.events == [
            .request(FramedRequest(length: 6, args: [bytes("PING")], inline: true)),
            .request(FramedRequest(length: 20, args: [bytes("GET"), bytes("k")], inline: false)),
            .request(FramedRequest(length: 1, args: [], inline: true)),
            .request(FramedRequest(length: 12, args: [bytes("SET"), bytes("a"), bytes("b c")], inline: true)),
        ])
        #expect(framed.rest.isEmpty)
    }
}
