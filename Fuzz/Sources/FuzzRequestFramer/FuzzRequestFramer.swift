import FuzzSupport
import RESP

// libFuzzer harness for RequestFramer.
//
// Input: byte 0 picks the limits and the chunk sizes, byte 1 seeds how the rest is cut into
// chunks, the rest is a client's byte stream. Beyond "no crash and no read outside the
// bytes given" (ASan, with everything not yet received poisoned), it checks what drover
// relies on, stopping with fatalError (which libFuzzer reports as a crash):
//   - the stream framed as it arrives in chunks gives exactly the requests (and the error)
//     it gives when framed whole;
//   - every framed request's bytes are the canonical encoding of its arguments, so a
//     backend cannot split the forwarded bytes differently from drover;
//   - no request exceeds the limits, and every `needed` hint asks for more than is there.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestFramer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 2 else { return 0 }
    let selector = data[0]
    var limits = selector & 1 == 0
        ? RequestLimits.redisDefaults
        : RequestLimits(maxArgs: 8, maxBulkLength: 64, maxInlineLength: 32, maxRequestSize: 256)
    if selector & 2 != 0 { limits = limits.beforeAuthentication() }
    let stream = StreamBuffer(UnsafeRawBufferPointer(start: data + 2, count: size - 2))
    if size == 2 { return 0 }

    let whole = frameStream(stream, limits: limits) { rest in rest }
    var chunks = ChunkSizes(seed: data[1], largest: selector & 4 == 0 ? 7 : 300)
    let chunked = frameStream(stream, limits: limits) { chunks.next(remaining: $0) }
    if whole != chunked { fatalError("chunked framing differs: whole \(whole), chunked \(chunked)") }
    return 0
}

enum Event: Equatable {
    case request([[UInt8]])
    case error(String)
}

/// Frames `stream` as a connection does: `nextChunk(remaining)` more bytes arrive at a time,
/// and after each arrival every complete request is framed and dropped from the front.
func frameStream(_ stream: StreamBuffer, limits: RequestLimits, nextChunk: (Int) -> Int) -> [Event] {
    var framer = RequestFramer(limits: limits)
    var args = ArgList()
    var start = 0     // first byte not yet framed
    var received = 0  // bytes arrived so far
    var events: [Event] = []
    while received < stream.count {
        received += nextChunk(stream.count - received)
        framing: while start < received {
            let frame = stream.with(start, received) { framer.frame($0, into: &args) }
            switch frame {
            case .incomplete(let needed):
                if needed <= received - start { fatalError("needed \(needed) with \(received - start) bytes held") }
                break framing
            case .request(let length):
                if length <= 0 || length > received - start { fatalError("request length \(length) of \(received - start)") }
                let request = stream.with(start, start + length) { Array($0) }
                let arguments = decode(args, request: request)
                check(arguments, request: request, inline: args.inlineEncoding, limits: limits)
                if !arguments.isEmpty { events.append(.request(arguments)) }
                start += length
            case .error(let error):
                events.append(.error(error.message))
                return events
            }
        }
    }
    return events
}

func decode(_ args: ArgList, request: [UInt8]) -> [[UInt8]] {
    let bytes = args.inlineEncoding ?? request
    return bytes.withUnsafeBytes { raw in
        (0..<args.count).map { i in
            let range = args[i]
            if range.offset < 0 || range.count < 0 || range.offset + range.count > raw.count {
                fatalError("argument \(i) at \(range.offset)+\(range.count) outside \(raw.count) bytes")
            }
            return Array(raw[range.offset..<range.offset + range.count])
        }
    }
}

func check(_ arguments: [[UInt8]], request: [UInt8], inline: [UInt8]?, limits: RequestLimits) {
    guard !arguments.isEmpty else { return }
    let forwarded = inline ?? request
    if forwarded != encode(arguments) { fatalError("forwarded bytes are not the canonical encoding of the arguments") }
    if inline == nil {
        if arguments.count > limits.maxArgs { fatalError("\(arguments.count) arguments over \(limits.maxArgs)") }
        if request.count > limits.maxRequestSize { fatalError("request of \(request.count) bytes over \(limits.maxRequestSize)") }
        if arguments.contains(where: { $0.count > limits.maxBulkLength }) { fatalError("bulk over \(limits.maxBulkLength)") }
    } else if request.count > limits.maxInlineLength + 2 {
        fatalError("inline line of \(request.count) bytes over \(limits.maxInlineLength)")
    }
}

func encode(_ arguments: [[UInt8]]) -> [UInt8] {
    var out = Array("*\(arguments.count)\r\n".utf8)
    for argument in arguments {
        out += Array("$\(argument.count)\r\n".utf8) + argument + [13, 10]
    }
    return out
}
