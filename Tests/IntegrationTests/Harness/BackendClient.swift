import CHiredis

#if canImport(Glibc)
import Glibc
#endif

/// A direct hiredis connection to one backend Redis, for checking what the proxy stored.
final class BackendClient {
    private let context: UnsafeMutablePointer<redisContext>

    /// Connects to `127.0.0.1:port`.
    init(port: Int, timeout: Double = 5) throws {
        let time = timeval(tv_sec: Int(timeout), tv_usec: 0)
        guard let context = redisConnectWithTimeout("127.0.0.1", Int32(port), time) else {
            throw HarnessError("hiredis: cannot allocate a context")
        }
        guard context.pointee.err == 0 else {
            let reason = Self.errorText(context)
            redisFree(context)
            throw HarnessError("hiredis: cannot connect to 127.0.0.1:\(port): \(reason)")
        }
        redisSetTimeout(context, time)
        self.context = context
    }

    deinit {
        redisFree(context)
    }

    /// Runs one command and decodes its reply.
    func command(_ arguments: String...) throws -> RESPReply {
        try command(arguments)
    }

    /// Runs one command and decodes its reply.
    func command(_ arguments: [String]) throws -> RESPReply {
        let copies = arguments.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var argv: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
        var lengths: [Int] = arguments.map { $0.utf8.count }
        guard let raw = redisCommandArgv(context, Int32(arguments.count), &argv, &lengths) else {
            throw HarnessError("hiredis: \(arguments.first ?? "") failed: \(Self.errorText(context))")
        }
        let reply = raw.assumingMemoryBound(to: redisReply.self)
        defer { freeReplyObject(raw) }
        return Self.decode(reply.pointee)
    }

    private static func decode(_ reply: redisReply) -> RESPReply {
        let text = { () -> String in
            guard let str = reply.str else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: str, count: reply.len), as: UTF8.self)
        }
        switch reply.type {
        case REDIS_REPLY_STRING: return .bulk(text())
        case REDIS_REPLY_STATUS: return .simple(text())
        case REDIS_REPLY_ERROR: return .error(text())
        case REDIS_REPLY_INTEGER: return .integer(Int(reply.integer))
        case REDIS_REPLY_ARRAY:
            return .array((0..<reply.elements).map { decode(reply.element[$0]!.pointee) })
        default: return .null
        }
    }

    private static func errorText(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
