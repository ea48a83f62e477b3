import DroverCore
import RESP
@testable import ValueEnvelope

/// Frames `args` as a client would send them and calls `body` with the request.
func withRequest<R>(_ args: [[UInt8]], _ body: (RequestView) -> R) -> R {
    let out = ByteBuffer(capacity: 256)
    out.appendArrayHeader(args.count)
    for arg in args { arg.withUnsafeBytes { out.appendBulk($0) } }
    let bytes = out.readableBytes
    var framer = RequestFramer()
    var list = ArgList()
    return bytes.withUnsafeBytes { raw in
        guard case .request(let length) = framer.frame(raw, into: &list), length == raw.count else {
            fatalError("test request did not frame")
        }
        return body(RequestView(bytes: raw, args: list))
    }
}

func withRequest<R>(_ args: [String], _ body: (RequestView) -> R) -> R {
    withRequest(args.map { Array($0.utf8) }, body)
}

/// The arguments of an encoded multibulk request.
func arguments(of request: [UInt8]) -> [[UInt8]] {
    var args: [[UInt8]] = []
    var i = request.firstIndex(of: 10)! + 1
    while i < request.count {
        let cr = request[i...].firstIndex(of: 13)!
        let length = Int(String(decoding: request[(i + 1)..<cr], as: UTF8.self))!
        let start = cr + 2
        args.append(Array(request[start..<(start + length)]))
        i = start + length + 2
    }
    return args
}

/// The arguments as text (binary bytes decoded leniently), for readable expectations.
func texts(of request: [UInt8]) -> [String] {
    arguments(of: request).map { String(decoding: $0, as: UTF8.self) }
}

/// A bulk string reply.
func bulk(_ bytes: [UInt8]) -> [UInt8] {
    Array("$\(bytes.count)\r\n".utf8) + bytes + [13, 10]
}

/// The rewrite of `args` by `rewriter` at `nowMs`.
func rewrite(_ args: [String], _ rewriter: EnvelopeRewriter, nowMs: Int64 = 1_000_000) -> EnvelopeRewrite? {
    withRequest(args) { request in
        rewriter.rewrite(request, spec: Router(shards: oneShard).resolve(request)!, nowMs: nowMs)
    }
}

let oneShard = ShardMap(hash: .fnv1a_64, hashTag: nil, distribution: .ketama,
                        nodes: [RingNode(name: "s0", weight: 1, index: 0)], shardCount: 1)

