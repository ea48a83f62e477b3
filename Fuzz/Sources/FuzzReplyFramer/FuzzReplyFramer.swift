import RESP

// libFuzzer harness for ReplyFramer.
//
// Input: byte 0 picks the nesting limit and chunk sizes, byte 1 seeds the chunking, the
// rest is a backend's byte stream. Beyond ASan's checks, it stops with fatalError when:
//   - framing the stream as it arrives in chunks gives other replies (or another error)
//     than framing it whole;
//   - a reply's length is not within the bytes held, or a `needed` hint asks for no more
//     than is there;
//   - a framed reply, framed again on its own, is not exactly one reply of the same length
//     (a reply must never depend on the bytes after it).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplyFramer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 2 else { return 0 }
    let selector = data[0]
    let maxDepth = selector & 1 == 0 ? 1024 : 3
    var seed = UInt64(data[1]) &+ 0x9E37_79B9_7F4A_7C15
    let stream = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))

    let whole = frameStream(stream, maxDepth: maxDepth) { rest in rest }
    let chunked = frameStream(stream, maxDepth: maxDepth) { rest in
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return 1 + Int((seed >> 33) % UInt64(Swift.min(rest, selector & 2 == 0 ? 5 : 300)))
    }
    if whole != chunked { fatalError("chunked framing differs: whole \(whole), chunked \(chunked)") }
    return 0
}

enum Event: Equatable {
    case reply([UInt8])
    case error(String)
}

func frame(_ bytes: ArraySlice<UInt8>, _ framer: inout ReplyFramer) -> ReplyFrame {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
    defer { buffer.deallocate() }
    buffer.copyBytes(from: bytes)
    return framer.frame(UnsafeRawBufferPointer(buffer))
}

func frameStream(_ stream: [UInt8], maxDepth: Int, nextChunk: (Int) -> Int) -> [Event] {
    var framer = ReplyFramer(maxDepth: maxDepth)
    var received: [UInt8] = []
    var offset = 0
    var events: [Event] = []
    while offset < stream.count {
        let take = nextChunk(stream.count - offset)
        received += stream[offset..<offset + take]
        offset += take
        framing: while !received.isEmpty {
            switch frame(received[...], &framer) {
            case .incomplete(let needed):
                if needed <= received.count { fatalError("needed \(needed) with \(received.count) bytes held") }
                break framing
            case .reply(let length):
                if length <= 0 || length > received.count { fatalError("reply length \(length) of \(received.count)") }
                var alone = ReplyFramer(maxDepth: maxDepth)
                if frame(received[..<length], &alone) != .reply(length: length) {
                    fatalError("a \(length)-byte reply does not frame alone")
                }
                events.append(.reply(Array(received[..<length])))
                received.removeFirst(length)
            case .error(let error):
                events.append(.error(error.message))
                return events
            }
        }
    }
    return events
}
