import Testing
import RESP

/// Malformed and oversized requests, most from Redis's tests/unit/protocol.tcl; the error
/// texts are Redis 7's.
@Suite("RequestFramer: hostile input")
struct RequestFramerHostileTests {
    @Test func errorTextsAreRedis() {
        #expect(ProtocolError.invalidMultibulkLength.message == "ERR Protocol error: invalid multibulk length")
        #expect(ProtocolError.invalidBulkLength.message == "ERR Protocol error: invalid bulk length")
        #expect(ProtocolError.tooBigMultibulkCount.message == "ERR Protocol error: too big mbulk count string")
        #expect(ProtocolError.tooBigBulkCount.message == "ERR Protocol error: too big bulk count string")
        #expect(ProtocolError.tooBigInlineRequest.message == "ERR Protocol error: too big inline request")
        #expect(ProtocolError.expectedDollar(got: UInt8(ascii: "f")).message == "ERR Protocol error: expected '$', got 'f'")
    }

    @Test(arguments: [
        "*3000000000\r\n",            // above INT_MAX
        "*20000000000000000000\r\n",  // above Int64
        "*99999999999999999999999\r\n",
        "*blabla\r\n",
        "*\r\n",
        "*-\r\n",
        "*-0\r\n",
        "*+1\r\n",
        "*01\r\n",
        "* 1\r\n",
        "*1 \r\n",
    ])
    func invalidMultibulkLength(request: String) {
        #expect(frameWhole(bytes(request)) == .error(.invalidMultibulkLength))
        expectSameErrorByteByByte(bytes(request), .invalidMultibulkLength)
    }

    @Test func negativeMultibulkLengthIsAnEmptyRequest() {
        // protocol.tcl "Negative multibulk length": Redis ignores it and answers the next command.
        let stream = bytes("*-10\r\n") + RESP.command(["PING"])
        let framed = frameRequestStream(stream, chunks: [stream.count])
        #expect(framed.events == [
            .request(FramedRequest(length: 6, args: [], inline: false)),
            .request(FramedRequest(length: 14, args: [bytes("PING")], inline: false)),
        ])
    }

    @Test func multibulkCountAboveMaxArgs() {
        let limits = RequestLimits(maxArgs: 3, maxBulkLength: 100, maxInlineLength: 100, maxRequestSize: 1000)
        #expect(frameWhole(bytes("*4\r\n"), limits: limits) == .error(.invalidMultibulkLength))
        #expect(frameWhole(RESP.command(["a", "b", "c"]), limits: limits) == .request(length: 25))
    }

    @Test(arguments: [
        "*1\r\n$3000000000\r\n",
        "*1\r\n$-10\r\n",
        "*1\r\n$-1\r\n",  // a null bulk is no request argument
        "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$2000000000\r\n",
        "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$blabla\r\n",
        "*1\r\n$20000000000000000000\r\n",
        "*1\r\n$\r\n",
        "*1\r\n$01\r\n",
        "*1\r\n$+1\r\n",
    ])
    func invalidBulkLength(request: String) {
        #expect(frameWhole(bytes(request)) == .error(.invalidBulkLength))
        expectSameErrorByteByByte(bytes(request), .invalidBulkLength)
    }

    @Test func expectedDollar() {
        // protocol.tcl "Multi bulk request not followed by bulk arguments" and
        // "Wrong multibulk payload header".
        #expect(frameWhole(bytes("*1\r\nfoo\r\n")) == .error(.expectedDollar(got: UInt8(ascii: "f"))))
        #expect(frameWhole(bytes("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n")) == .error(.expectedDollar(got: UInt8(ascii: "f"))))
        #expect(frameWhole(bytes("*2\r\n$3\r\nGET\r\n:1\r\n")) == .error(.expectedDollar(got: UInt8(ascii: ":"))))
        expectSameErrorByteByByte(bytes("*1\r\nfoo\r\n"), .expectedDollar(got: UInt8(ascii: "f")))
    }

    @Test func expectedDollarWaitsForTheLineEndLikeRedis() {
        // Redis reads the whole header line before looking at its first byte.
        #expect(frameWhole(bytes("*1\r\nfoo")) == .incomplete(needed: 8))
        // Redis 7.0.15 answers this with "got ' '": its error replies turn CR/LF into spaces.
        #expect(frameWhole(bytes("*1\r\n\r\n")) == .error(.expectedDollar(got: 13)))
        #expect(ProtocolError.expectedDollar(got: 13).message == "ERR Protocol error: expected '$', got ' '")
    }

    @Test func bulkAboveMaxBulkLengthFailsWithoutWaitingForIt() {
        // A small buffer and a huge declared bulk: the error comes from the header alone,
        // nothing is sized from the length.
        let limits = RequestLimits(maxArgs: 10, maxBulkLength: 1024, maxInlineLength: 1024, maxRequestSize: 1 << 20)
        #expect(frameWhole(bytes("*2\r\n$3\r\nGET\r\n$1025\r\nxx"), limits: limits) == .error(.invalidBulkLength))
        #expect(frameWhole(bytes("*2\r\n$3\r\nGET\r\n$1024\r\nxx"), limits: limits) == .incomplete(needed: 1046))
        #expect(frameWhole(bytes("*1\r\n$536870913\r\n")) == .error(.invalidBulkLength))
        #expect(frameWhole(bytes("*1\r\n$536870912\r\n")) == .incomplete(needed: 16 + 536_870_912 + 2))
    }

    @Test func requestAboveMaxRequestSize() {
        let limits = RequestLimits(maxArgs: 10, maxBulkLength: 100, maxInlineLength: 100, maxRequestSize: 60)
        let fits = RESP.command(["SET", "k", String(repeating: "v", count: 33)])  // 60 bytes
        #expect(fits.count == 60)
        #expect(frameWhole(fits, limits: limits) == .request(length: 60))
        let tooBig = RESP.command(["SET", "k", String(repeating: "v", count: 34)])
        #expect(frameWhole(tooBig, limits: limits) == .error(.invalidBulkLength))
        // Many small arguments add up too.
        let many = RESP.command(Array(repeating: "abcdefgh", count: 5))
        #expect(frameWhole(many, limits: limits) == .error(.invalidBulkLength))
    }

    @Test func tooBigMultibulkCountString() {
        let limits = RequestLimits(maxArgs: 100, maxBulkLength: 100, maxInlineLength: 16, maxRequestSize: 1000)
        // The '\r' may lie up to maxInlineLength bytes from the line's start.
        let longest = bytes("*") + [UInt8](repeating: UInt8(ascii: "0"), count: 15) + bytes("\r\n")
        #expect(frameWhole(longest, limits: limits) == .error(.invalidMultibulkLength))
        let waiting = bytes("*") + [UInt8](repeating: UInt8(ascii: "1"), count: 15)
        #expect(frameWhole(waiting, limits: limits) == .incomplete(needed: 17))
        #expect(frameWhole(waiting + bytes("1"), limits: limits) == .error(.tooBigMultibulkCount))
        #expect(frameWhole(bytes("*") + [UInt8](repeating: 65, count: 70_000)) == .error(.tooBigMultibulkCount))
        // protocol.tcl "Protocol desync regression test": '*' then NUL then endless data.
        #expect(frameWhole(bytes("*\u{0}") + [UInt8](repeating: 65, count: 70_000)) == .error(.tooBigMultibulkCount))
        // A NUL hides a later '\r' from Redis (strchr), so the line never ends.
        #expect(frameWhole(bytes("*1\u{0}\r\n")) == .incomplete(needed: 6))
        #expect(frameWhole(bytes("*1\u{0}\r\n") + [UInt8](repeating: 13, count: 70_000)) == .error(.tooBigMultibulkCount))
        #expect(frameWhole(bytes("*1\r\n$1\u{0}\r\nx\r\n")) == .incomplete(needed: 13))
    }

    @Test func tooBigBulkCountString() {
        #expect(frameWhole(bytes("*1\r\n") + [UInt8](repeating: 88, count: 70_000)) == .error(.tooBigBulkCount))
        #expect(frameWhole(bytes("*1\r\n$") + [UInt8](repeating: 49, count: 65_535)) == .incomplete(needed: 65_541))
        #expect(frameWhole(bytes("*1\r\n$") + [UInt8](repeating: 49, count: 65_536)) == .error(.tooBigBulkCount))
        // protocol.tcl desync test with "$\0": the line never ends.
        #expect(frameWhole(bytes("*1\r\n$\u{0}") + [UInt8](repeating: 65, count: 70_000)) == .error(.tooBigBulkCount))
        // A header line ending within the window is parsed, and fails on its content.
        let limits = RequestLimits(maxArgs: 100, maxBulkLength: 100, maxInlineLength: 16, maxRequestSize: 1000)
        let longLine = bytes("*1\r\n$") + [UInt8](repeating: 48, count: 15) + bytes("\r\n")
        #expect(frameWhole(longLine, limits: limits) == .error(.invalidBulkLength))
    }

    @Test func tooBigInlineRequest() {
        let limits = RequestLimits(maxArgs: 100, maxBulkLength: 100, maxInlineLength: 16, maxRequestSize: 1000)
        let x15 = String(repeating: "x", count: 15), x16 = x15 + "x"
        #expect(frameRequest(bytes(x15 + "\r\n"), limits: limits)?.args == [bytes(x15)])
        #expect(frameRequest(bytes(x16 + "\n"), limits: limits)?.args == [bytes(x16)])
        #expect(frameWhole(bytes(x16), limits: limits) == .incomplete(needed: 17))
        #expect(frameWhole(bytes(x16 + "\r\n"), limits: limits) == .error(.tooBigInlineRequest))
        #expect(frameWhole(bytes(x16 + "x"), limits: limits) == .error(.tooBigInlineRequest))
        #expect(frameWhole([UInt8](repeating: 65, count: 65_537)) == .error(.tooBigInlineRequest))
        #expect(frameWhole([UInt8](repeating: 65, count: 65_536)) == .incomplete(needed: 65_537))
        // protocol.tcl desync test with "\0" (and "$\0"): Redis's strchr never sees a newline
        // after a NUL, so the line never ends and grows until it is too big.
        let desync = bytes("\u{0}") + [UInt8](repeating: 65, count: 1024) + bytes("\n")
        #expect(frameWhole(desync) == .incomplete(needed: desync.count + 1))
        let endless = Array(Array(repeating: desync, count: 70).joined())
        #expect(frameWhole(endless) == .error(.tooBigInlineRequest))
        #expect(frameWhole(bytes("$\u{0}") + endless) == .error(.tooBigInlineRequest))
    }

    @Test func errorsResetTheFramer() {
        var framer = RequestFramer()
        var args = ArgList()
        #expect(bytes("*1\r\n$-5\r\n").withUnsafeBytes { framer.frame($0, into: &args) } == .error(.invalidBulkLength))
        let ping = RESP.command(["PING"])
        #expect(ping.withUnsafeBytes { framer.frame($0, into: &args) } == .request(length: ping.count))
    }

    @Test func nonASCIIByteInExpectedDollar() {
        #expect(ProtocolError.expectedDollar(got: 0xE9).message == "ERR Protocol error: expected '$', got '\u{E9}'")
    }

    /// Feeds `request` one byte at a time: every prefix before the error must be incomplete
    /// and the error must be the same as when framing it whole.
    private func expectSameErrorByteByByte(
        _ request: [UInt8], _ error: ProtocolError, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var framer = RequestFramer()
        var args = ArgList()
        for k in 1...request.count {
            switch withMovedBytes(request[..<k], { framer.frame($0, into: &args) }) {
            case .incomplete: continue
            case .error(let got):
                #expect(got == error, sourceLocation: sourceLocation)
                return
            case .request(let length):
                Issue.record("framed \(length) bytes", sourceLocation: sourceLocation)
                return
            }
        }
        Issue.record("no error", sourceLocation: sourceLocation)
    }
}
