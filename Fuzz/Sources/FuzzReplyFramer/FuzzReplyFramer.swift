import FuzzSupport
import RESP

// libFuzzer harness for ReplyFramer.
//
// Input: byte 0 picks the nesting limit and chunk sizes, byte 1 seeds the chunking, the
// rest is a backend's byte stream. Beyond ASan's checks (with everything not yet received
// poisoned), it stops with fatalError when:
//   - framing the stream as it arrives in chunks gives other replies (or another error)
//     than framing it whole;
//   - a reply's length is not within the bytes held, or a `needed` hint asks for no more
//     than is there;
//   - a framed reply, framed again on its own, is not exactly one reply of the same length
//     (a reply must never depend on the bytes after it).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplyFramer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 2 else { return 0 }
    let selector = data[0]
    let maxDepth = selector & 1 == 0 ? ReplyFramer.defaultMaxDepth : 3
    let stream = StreamBuffer(UnsafeRawBufferPointer(start: data + 2, count: size - 2))

    let whole = frameStream(stream, maxDepth: maxDepth) { rest in rest }
    var chunks = ChunkSizes(seed: data[1], largest: selector & 2 == 0 ? 5 : 300)
    let chunked = frameStream(stream, maxDepth: maxDepth) { chunks.next(remaining: $0) }
    if whole != chunked { fatalError("chunked framing differs: whole \(whole), chunked \(chunked)") }
    return 0
}

enum Event: Equatable {
    case reply(Int)
    case error(String)
}

func frameStream(_ stream: StreamBuffer, maxDepth: Int, nextChunk: (Int) -> Int) -> [Event] {
    var framer = ReplyFramer(maxDepth: maxDepth)
    var start = 0
    var received = 0
    var events: [Event] = []
    while received < stream.count {
        received += nextChunk(stream.count - received)
        framing: while start < received {
            switch stream.with(start, received, { framer.frame($0) }) {
            case .incomplete(let needed):
                if needed <= received - start { fatalError("needed \(needed) with \(received - start) bytes held") }
                break framing
            case .reply(let length):
                if length <= 0 || length > received - start { fatalError("reply length \(length) of \(received - start)") }
                var alone = ReplyFramer(maxDepth: maxDepth)
                if stream.with(start, start + length, { alone.frame($0) }) != .reply(length: length) {
                    fatalError("a \(length)-byte reply does not frame alone")
                }
                events.append(.reply(length))
                start += length
            case .error(let error):
                events.append(.error(error.message))
                return events
            }
        }
    }
    return events
}
