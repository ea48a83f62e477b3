import Testing
import RESP

@Suite("RequestFramer: multibulk requests")
struct RequestFramerMultibulkTests {
    @Test func getRequest() {
        verifyRequest(bytes("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n"), args: [bytes("GET"), bytes("key")])
    }

    @Test func setRequestArgumentRanges() {
        let request = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n")
        var framer = RequestFramer()
        var args = ArgList()
        let frame = request.withUnsafeBytes { framer.frame($0, into: &args) }
        #expect(frame == .request(length: request.count))
        #expect(args.count == 3)
        #expect(args[0] == ArgRange(offset: 8, count: 3))
        #expect(args[1] == ArgRange(offset: 17, count: 1))
        #expect(args[2] == ArgRange(offset: 24, count: 5))
        #expect(args.inlineEncoding == nil)
        verifyRequest(request, args: [bytes("SET"), bytes("k"), bytes("hello")])
    }

    @Test func binaryArgumentsMayHoldCRLFAndDollars() {
        let value: [UInt8] = [0, 13, 10, 36, 42, 255, 13, 10, 13]
        let request = bytes("*3\r\n$3\r\nSET\r\n$2\r\n\r\n\r\n$9\r\n") + value + bytes("\r\n")
        verifyRequest(request, args: [bytes("SET"), bytes("\r\n"), value])
    }

    @Test func emptyArguments() {
        verifyRequest(bytes("*3\r\n$4\r\nECHO\r\n$0\r\n\r\n$0\r\n\r\n"), args: [bytes("ECHO"), [], []])
    }

    @Test func emptyRequestsGetNoArguments() {
        // Redis skips these silently (no reply); so does the caller when args.count == 0.
        verifyRequest(bytes("*0\r\n"), args: [])
        verifyRequest(bytes("*-1\r\n"), args: [])
        verifyRequest(bytes("*-10\r\n"), args: [])
    }

    @Test func longLengthsTakeTheCarefulPath() {
        // 19 digits do not fit the one-pass fast path; the result must be the same.
        let limits = RequestLimits(maxArgs: 10, maxBulkLength: 100, maxInlineLength: 1024, maxRequestSize: 1000)
        #expect(frameWhole(bytes("*1\r\n$1000000000000000000\r\n"), limits: limits) == .error(.invalidBulkLength))
        #expect(frameWhole(bytes("*1000000000000000000\r\n"), limits: limits) == .error(.invalidMultibulkLength))
    }

    @Test func manyArguments() {
        let words = (0..<1000).map { "arg\($0)" }
        verifyRequest(RESP.command(words), args: words.map { bytes($0) })
    }

    @Test func bigBulkNeedsItsWholeLengthAtOnce() {
        // After the header, `needed` tells the caller the request's total size.
        let value = [UInt8](repeating: 120, count: 100_000)
        let request = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n") + value + bytes("\r\n")
        let header = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n").count
        var framer = RequestFramer()
        var args = ArgList()
        #expect(withMovedBytes(request[..<(header + 10)]) { framer.frame($0, into: &args) } == .incomplete(needed: request.count))
        #expect(withMovedBytes(request[..<(request.count - 1)]) { framer.frame($0, into: &args) } == .incomplete(needed: request.count))
        #expect(withMovedBytes(request[...]) { framer.frame($0, into: &args) } == .request(length: request.count))
        #expect(args[2] == ArgRange(offset: header, count: 100_000))
    }

    @Test func neededNeverExceedsWhatTheRequestHolds() {
        let request = bytes("*2\r\n$3\r\nGET\r\n$10\r\n0123456789\r\n")
        var framer = RequestFramer()
        var args = ArgList()
        var hints: [Int] = []
        for k in 1..<request.count {
            if case .incomplete(let needed) = withMovedBytes(request[..<k], { framer.frame($0, into: &args) }) {
                hints.append(needed)
            }
        }
        // Inside the 10-byte bulk the hint is exact; elsewhere it asks for one more byte.
        #expect(hints.count == request.count - 1)
        #expect(hints[17...] == ArraySlice(repeating: request.count, count: 12))
        #expect(hints[7..<12] == ArraySlice(repeating: 13, count: 5))
        #expect(hints[0] == 2)
    }

    @Test func theTwoBytesAfterABulkMustBeCRLF() {
        // Redis 7.0 skips them unread, newer servers refuse them: drover refuses them so that
        // whatever it forwards frames the same way on every backend.
        #expect(frameWhole(bytes("*1\r\n$4\r\nPINGxy")) == .error(.invalidCRLF))
        #expect(frameWhole(bytes("*1\r\n$4\r\nPING\rx")) == .error(.invalidCRLF))
        #expect(frameWhole(bytes("*1\rx$4\r\nPING\r\n")) == .error(.invalidCRLF))
        #expect(frameWhole(bytes("*1\r\n$4\rxPING\r\n")) == .error(.invalidCRLF))
    }

    @Test func resumesWhenCallerChangesArgList() {
        // A different (or cleared) list on resume makes the framer start the request over.
        let request = bytes("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n")
        var framer = RequestFramer()
        var args = ArgList()
        #expect(withMovedBytes(request[..<16]) { framer.frame($0, into: &args) } == .incomplete(needed: 17))
        var other = ArgList()
        #expect(withMovedBytes(request[...]) { framer.frame($0, into: &other) } == .request(length: request.count))
        #expect(argBytes(other, request: request[...]) == [bytes("GET"), bytes("key")])
    }

    @Test func resetForgetsAPartialRequest() {
        var framer = RequestFramer()
        var args = ArgList()
        #expect(withMovedBytes(bytes("*2\r\n$3\r\nGET\r\n")[...]) { framer.frame($0, into: &args) } == .incomplete(needed: 14))
        framer.reset()
        let ping = bytes("*1\r\n$4\r\nPING\r\n")
        #expect(withMovedBytes(ping[...]) { framer.frame($0, into: &args) } == .request(length: ping.count))
        #expect(args.count == 1)
    }

    @Test func shorterBufferOnResumeStartsOver() {
        var framer = RequestFramer()
        var args = ArgList()
        let get = bytes("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n")
        #expect(withMovedBytes(get[..<20]) { framer.frame($0, into: &args) } == .incomplete(needed: get.count))
        let ping = bytes("*1\r\n$4\r\nPING\r\n")
        #expect(withMovedBytes(ping[...]) { framer.frame($0, into: &args) } == .request(length: ping.count))
        #expect(args.count == 1)
    }

    @Test func emptyBufferIsIncomplete() {
        var framer = RequestFramer()
        var args = ArgList()
        #expect(framer.frame(UnsafeRawBufferPointer(start: nil, count: 0), into: &args) == .incomplete(needed: 1))
    }

    @Test func argListIsReusedAcrossRequests() {
        var framer = RequestFramer()
        var args = ArgList()
        let set = RESP.command(["SET", "a", "b"])
        let get = RESP.command(["GET", "a"])
        #expect(set.withUnsafeBytes { framer.frame($0, into: &args) } == .request(length: set.count))
        #expect(args.count == 3)
        #expect(get.withUnsafeBytes { framer.frame($0, into: &args) } == .request(length: get.count))
        #expect(args.count == 2)
        #expect(argBytes(args, request: get[...]) == [bytes("GET"), bytes("a")])
    }
}
