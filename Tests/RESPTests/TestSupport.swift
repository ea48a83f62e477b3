import Testing
import RESP

/// The bytes of an ASCII/UTF-8 literal, so tests can spell protocol text directly.
func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

/// A request as a test sees it: its length and decoded arguments.
struct FramedRequest: Equatable, CustomStringConvertible {
    var length: Int
    var args: [[UInt8]]
    var inline: Bool

    var description: String {
        let words = args.map { String(decoding: $0, as: UTF8.self).debugDescription }
        return "\(length) bytes\(inline ? " inline" : ""): " + words.joined(separator: " ")
    }
}

/// What one framing step yielded, for comparing whole streams.
enum StreamEvent: Equatable {
    case request(FramedRequest)
    case reply([UInt8])
    case error(ProtocolError)
}

/// A one-line description of a stream's events, for failure messages.
func summary(_ events: [StreamEvent]) -> String {
    "[" + events.map { event in
        switch event {
        case .request(let r): "req \(r.length)/\(r.args.count)"
        case .reply(let r): "reply \(r.count)"
        case .error(let e): e.message
        }
    }.joined(separator: ", ") + "]"
}

/// Copies `bytes` into fresh memory `padding` bytes into a larger allocation and passes
/// only the bytes themselves, so a framer that reads outside its buffer or keeps pointers
/// across calls is caught.
func withMovedBytes<R>(_ bytes: ArraySlice<UInt8>, padding: Int = 3, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    var storage = [UInt8](repeating: 0xEE, count: padding) + bytes + [UInt8](repeating: 0xEE, count: padding)
    return storage.withUnsafeMutableBytes { raw in
        body(UnsafeRawBufferPointer(rebasing: raw[padding..<padding + bytes.count]))
    }
}

/// The arguments of the request framed last, as byte arrays.
func argBytes(_ args: ArgList, request: ArraySlice<UInt8>) -> [[UInt8]] {
    withMovedBytes(request) { raw in
        (0..<args.count).map { i in args.withArgument(i, in: raw) { Array($0) } }
    }
}

/// Frames `bytes` in one call.
func frameWhole(_ bytes: [UInt8], limits: RequestLimits = .redisDefaults) -> RequestFrame {
    var framer = RequestFramer(limits: limits)
    var args = ArgList()
    return withMovedBytes(bytes[...]) { framer.frame($0, into: &args) }
}

/// Frames `bytes` in one call and returns the request with its arguments.
func frameRequest(_ bytes: [UInt8], limits: RequestLimits = .redisDefaults) -> FramedRequest? {
    var framer = RequestFramer(limits: limits)
    var args = ArgList()
    let frame = withMovedBytes(bytes[...]) { framer.frame($0, into: &args) }
    guard case .request(let length) = frame else { return nil }
    return FramedRequest(length: length, args: argBytes(args, request: bytes[..<length]), inline: args.inlineEncoding != nil)
}

/// Frames a receive stream the way a connection does: bytes arrive in the given chunks, and
/// after each chunk every complete request is framed and dropped from the front.
///
/// - Returns: The requests (or the error that ends the stream), in order, and the bytes left.
func frameRequestStream(
    _ stream: [UInt8], chunks: [Int], limits: RequestLimits = .redisDefaults
) -> (events: [StreamEvent], rest: [UInt8]) {
    var framer = RequestFramer(limits: limits)
    var args = ArgList()
    var received: [UInt8] = []
    var events: [StreamEvent] = []
    var offset = 0
    var chunkIndex = 0
    while offset < stream.count || chunkIndex < chunks.count {
        let size = chunkIndex < chunks.count ? chunks[chunkIndex] : stream.count - offset
        chunkIndex += 1
        let take = Swift.min(size, stream.count - offset)
        received += stream[offset..<offset + take]
        offset += take
        framing: while !received.isEmpty {
            let frame = withMovedBytes(received[...]) { framer.frame($0, into: &args) }
            switch frame {
            case .incomplete(let needed):
                #expect(needed > received.count, "needed \(needed) with \(received.count) bytes held")
                break framing
            case .request(let length):
                let request = received[..<length]
                let inline = args.inlineEncoding
                events.append(.request(FramedRequest(
                    length: length,
                    args: inline.map { argBytes(args, request: $0[...]) } ?? argBytes(args, request: request),
                    inline: inline != nil)))
                received.removeFirst(length)
            case .error(let error):
                events.append(.error(error))
                return (events, received)
            }
        }
    }
    return (events, received)
}

/// Finds one reply in `bytes` in one call.
func frameReply(_ bytes: [UInt8], maxDepth: Int = 1024) -> ReplyFrame {
    var framer = ReplyFramer(maxDepth: maxDepth)
    return withMovedBytes(bytes[...]) { framer.frame($0) }
}

/// Like ``frameRequestStream(_:chunks:limits:)`` for a backend's reply stream.
func frameReplyStream(_ stream: [UInt8], chunks: [Int], maxDepth: Int = 1024) -> (events: [StreamEvent], rest: [UInt8]) {
    var framer = ReplyFramer(maxDepth: maxDepth)
    var received: [UInt8] = []
    var events: [StreamEvent] = []
    var offset = 0
    var chunkIndex = 0
    while offset < stream.count || chunkIndex < chunks.count {
        let size = chunkIndex < chunks.count ? chunks[chunkIndex] : stream.count - offset
        chunkIndex += 1
        let take = Swift.min(size, stream.count - offset)
        received += stream[offset..<offset + take]
        offset += take
        framing: while !received.isEmpty {
            switch withMovedBytes(received[...], { framer.frame($0) }) {
            case .incomplete(let needed):
                #expect(needed > received.count, "needed \(needed) with \(received.count) bytes held")
                break framing
            case .reply(let length):
                events.append(.reply(Array(received[..<length])))
                received.removeFirst(length)
            case .error(let error):
                events.append(.error(error))
                return (events, received)
            }
        }
    }
    return (events, received)
}

/// The decoder-verifier checks for one valid request: framed (1) whole, (2) one byte at a
/// time, (3) back to back with itself and others, (4) with garbage after it.
func verifyRequest(
    _ request: [UInt8], args expected: [[UInt8]], inline: Bool = false,
    limits: RequestLimits = .redisDefaults, sourceLocation: SourceLocation = #_sourceLocation
) {
    let expectedRequest = FramedRequest(length: request.count, args: expected, inline: inline)

    // (1) whole
    #expect(frameRequest(request, limits: limits) == expectedRequest, sourceLocation: sourceLocation)

    // (2) one byte at a time, the prefix moved in memory on every call
    var framer = RequestFramer(limits: limits)
    var args = ArgList()
    for k in 1..<request.count {
        let frame = withMovedBytes(request[..<k], padding: k % 5) { framer.frame($0, into: &args) }
        guard case .incomplete(let needed) = frame, needed > k, needed <= request.count else {
            Issue.record("prefix of \(k) bytes gave \(frame)", sourceLocation: sourceLocation)
            return
        }
    }
    let last = withMovedBytes(request[...]) { framer.frame($0, into: &args) }
    #expect(last == .request(length: request.count), sourceLocation: sourceLocation)
    let got = args.inlineEncoding.map { argBytes(args, request: $0[...]) } ?? argBytes(args, request: request[...])
    #expect(got == expected, sourceLocation: sourceLocation)

    // (3) back to back: three copies around other requests, whole and byte by byte
    let ping = bytes("*1\r\n$4\r\nPING\r\n")
    let stream = request + ping + request + request
    let expectedEvents: [StreamEvent] = [
        .request(expectedRequest), .request(FramedRequest(length: ping.count, args: [bytes("PING")], inline: false)),
        .request(expectedRequest), .request(expectedRequest),
    ]
    let whole = frameRequestStream(stream, chunks: [stream.count], limits: limits)
    #expect(whole.events == expectedEvents && whole.rest.isEmpty, sourceLocation: sourceLocation)
    let single = frameRequestStream(stream, chunks: Array(repeating: 1, count: stream.count), limits: limits)
    #expect(single.events == expectedEvents && single.rest.isEmpty, sourceLocation: sourceLocation)

    // (4) garbage after it is not consumed
    let garbage = request + bytes("$garbage\r\n\u{1}")
    #expect(frameRequest(garbage, limits: limits) == expectedRequest, sourceLocation: sourceLocation)
}

/// The decoder-verifier checks for one valid reply.
func verifyReply(_ reply: [UInt8], maxDepth: Int = 1024, sourceLocation: SourceLocation = #_sourceLocation) {
    // (1) whole
    #expect(frameReply(reply, maxDepth: maxDepth) == .reply(length: reply.count), sourceLocation: sourceLocation)

    // (2) one byte at a time
    var framer = ReplyFramer(maxDepth: maxDepth)
    for k in 1..<reply.count {
        let frame = withMovedBytes(reply[..<k], padding: k % 5) { framer.frame($0) }
        guard case .incomplete(let needed) = frame, needed > k, needed <= reply.count else {
            Issue.record("prefix of \(k) bytes gave \(frame)", sourceLocation: sourceLocation)
            return
        }
    }
    #expect(withMovedBytes(reply[...]) { framer.frame($0) } == .reply(length: reply.count), sourceLocation: sourceLocation)

    // (3) back to back
    let ok = bytes("+OK\r\n")
    let stream = reply + ok + reply + reply
    let expected: [StreamEvent] = [.reply(reply), .reply(ok), .reply(reply), .reply(reply)]
    let whole = frameReplyStream(stream, chunks: [stream.count], maxDepth: maxDepth)
    #expect(whole.events == expected && whole.rest.isEmpty, sourceLocation: sourceLocation)
    let single = frameReplyStream(stream, chunks: Array(repeating: 1, count: stream.count), maxDepth: maxDepth)
    #expect(single.events == expected && single.rest.isEmpty, sourceLocation: sourceLocation)

    // (4) garbage after it
    #expect(frameReply(reply + bytes("?garbage"), maxDepth: maxDepth) == .reply(length: reply.count),
            sourceLocation: sourceLocation)
}

