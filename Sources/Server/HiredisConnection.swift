import CHiredis
import Config
import Glibc

/// A reply read by hiredis, copied out of hiredis's memory.
enum HiredisReply: Equatable {
    case status(String)
    case error(String)
    case integer(Int)
    case bulk([UInt8])
    case null
    case array([HiredisReply])

    var text: String? {
        switch self {
        case .status(let text), .error(let text): text
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }
}

/// A failed control-plane call, with hiredis's or Redis's words.
struct HiredisProblem: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

/// One blocking hiredis connection of the control plane (probes, replica checks, clean-up
/// before a failback). Never used on a worker.
final class HiredisConnection {
    private let context: UnsafeMutablePointer<redisContext>

    /// Connects to `address` within `connectTimeoutMs`; replies may take `replyTimeoutMs`.
    init(_ address: ServerAddress, connectTimeoutMs: Int, replyTimeoutMs: Int) throws(HiredisProblem) {
        let timeout = Self.timeval(ms: connectTimeoutMs)
        let made: UnsafeMutablePointer<redisContext>?
        switch address {
        case .tcp(let host, let port): made = redisConnectWithTimeout(host, Int32(port), timeout)
        case .unix(let path): made = redisConnectUnixWithTimeout(path, timeout)
        }
        guard let made else { throw HiredisProblem(text: "cannot allocate a hiredis context") }
        if made.pointee.err != 0 {
            let text = Self.errorText(made)
            redisFree(made)
            throw HiredisProblem(text: "connect: \(text)")
        }
        redisSetTimeout(made, Self.timeval(ms: replyTimeoutMs))
        context = made
    }

    deinit { redisFree(context) }

    /// Runs one command (binary-safe arguments).
    func command(_ arguments: [[UInt8]]) throws(HiredisProblem) -> HiredisReply {
        var lengths = arguments.map(\.count)
        // Each argument with a NUL after it, as hiredis's C strings.
        let copies = arguments.map { bytes -> UnsafeMutablePointer<CChar> in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { UnsafeMutableRawPointer(copy).copyMemory(from: base, byteCount: bytes.count) }
            }
            copy[bytes.count] = 0
            return copy
        }
        defer { copies.forEach { $0.deallocate() } }
        var argv: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
        guard let raw = redisCommandArgv(context, Int32(arguments.count), &argv, &lengths) else {
            throw HiredisProblem(text: Self.errorText(context))
        }
        defer { freeReplyObject(raw) }
        return Self.decode(raw.assumingMemoryBound(to: redisReply.self).pointee)
    }

    /// Runs one command of text arguments.
    func command(_ arguments: String...) throws(HiredisProblem) -> HiredisReply {
        try command(arguments.map { Array($0.utf8) })
    }

    private static func decode(_ reply: redisReply) -> HiredisReply {
        let bytes = { () -> [UInt8] in
            guard let str = reply.str else { return [] }
            return Array(UnsafeRawBufferPointer(start: str, count: reply.len))
        }
        switch reply.type {
        case REDIS_REPLY_STATUS: return .status(String(decoding: bytes(), as: UTF8.self))
        case REDIS_REPLY_ERROR: return .error(String(decoding: bytes(), as: UTF8.self))
        case REDIS_REPLY_INTEGER: return .integer(Int(reply.integer))
        case REDIS_REPLY_STRING: return .bulk(bytes())
        case REDIS_REPLY_ARRAY: return .array((0..<reply.elements).map { decode(reply.element[$0]!.pointee) })
        default: return .null
        }
    }

    private static func timeval(ms: Int) -> Glibc.timeval {
        Glibc.timeval(tv_sec: ms / 1000, tv_usec: (ms % 1000) * 1000)
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
