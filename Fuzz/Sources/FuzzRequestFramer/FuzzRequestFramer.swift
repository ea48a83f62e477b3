import RESP

// libFuzzer harness for RequestFramer.
//
// Input: byte 0 picks the limits, byte 1 seeds how the rest is cut into chunks, the rest
// is a client's byte stream. Beyond "no crash and no out-of-bounds read" (ASan), it checks
// what drover relies on, stopping with fatalError (which libFuzzer reports as a crash):
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
    var seed = UInt64(data[1]) &+ 0x9E37_79B9_7F4A_7C15
    let stream = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))

    let whole = frameStream(stream, limits: limits) { rest in rest }
    let chunked = frameStream(stream, limits: limits) { rest in
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return 1 + Int((seed >> 33) % UInt64(Swift.min(rest, selector & 4 == 0 ? 7 : 300)))
    }
    if whole != chunked { fatalError("chunked framing differs: whole \(whole), chunked \(chunked)") }
    return 0
}

enum Event: Equatable {
    case request([[UInt8]])
    case error(String)
}

/// Frames `stream` as a connection does, receiving `nextChunk(remaining)` bytes at a time
/// into a fresh, exactly sized allocation for every call (so ASan sees any overread).
func frameStream(_ stream: [UInt8], limits: RequestLimits, nextChunk: (Int) -> Int) -> [Event] {
    var framer = RequestFramer(limits: limits)
    var args = ArgList()
    var received: [UInt8] = []
    var offset = 0
    var events: [Event] = []
    while offset < stream.count {
        let take = nextChunk(stream.count - offset)
        received += stream[offset..<offset + take]
        offset += take
        framing: while !received.isEmpty {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: received.count, alignment: 1)
            defer { buffer.deallocate() }
            buffer.copyBytes(from: received)
            let frame = framer.frame(UnsafeRawBufferPointer(buffer), into: &args)
            switch frame {
            case .incomplete(let needed):
                if needed <= received.count { fatalError("needed \(needed) with \(received.count) bytes held") }
                break framing
            case .request(let length):
                if length <= 0 || length > received.count { fatalError("request length \(length) of \(received.count)") }
                let request = Array(received[..<length])
                let arguments = decode(args, request: request)
                check(arguments, request: request, inline: args.inlineEncoding, limits: limits)
                if !arguments.isEmpty { events.append(.request(arguments)) }
                received.removeFirst(length)
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
