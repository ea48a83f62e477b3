import CHiredis
import Config
import Glibc

/// One PING of a down node over a fresh hiredis connection: the only way a down node comes
/// back. Blocking: runs on a Dispatch queue, never on a worker.
struct HealthProbe: Sendable {
    let address: ServerAddress
    /// AUTH first with these, as the data path's connections do.
    let username: String?
    let password: String?
    let connectTimeoutMs: Int
    /// How long the reply to AUTH or PING may take.
    let replyTimeoutMs: Int

    /// PINGs the node.
    /// - Returns: nil if it answered `+PONG`, else what went wrong.
    func run() -> String? {
        let connectTimeout = Self.timeval(ms: connectTimeoutMs)
        let context: UnsafeMutablePointer<redisContext>?
        switch address {
        case .tcp(let host, let port): context = redisConnectWithTimeout(host, Int32(port), connectTimeout)
        case .unix(let path): context = redisConnectUnixWithTimeout(path, connectTimeout)
        }
        guard let context else { return "cannot allocate a hiredis context" }
        defer { redisFree(context) }
        if context.pointee.err != 0 { return "connect: \(Self.errorText(context))" }
        redisSetTimeout(context, Self.timeval(ms: replyTimeoutMs))
        if let password {
            let auth = username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
            if case .failure(let problem) = command(context, auth, expect: "OK") { return "AUTH: \(problem)" }
        }
        if case .failure(let problem) = command(context, ["PING"], expect: "PONG") { return "PING: \(problem)" }
        return nil
    }

    private struct Problem: Error { let text: String }

    private func command(_ context: UnsafeMutablePointer<redisContext>, _ arguments: [String],
                         expect status: String) -> Result<Void, Problem> {
        let copies = arguments.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var argv: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
        var lengths: [Int] = arguments.map { $0.utf8.count }
        guard let raw = redisCommandArgv(context, Int32(arguments.count), &argv, &lengths) else {
            return .failure(Problem(text: Self.errorText(context)))
        }
        defer { freeReplyObject(raw) }
        let reply = raw.assumingMemoryBound(to: redisReply.self).pointee
        let text = reply.str.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: reply.len), as: UTF8.self) } ?? ""
        if reply.type == REDIS_REPLY_STATUS && text == status { return .success(()) }
        return .failure(Problem(text: reply.type == REDIS_REPLY_ERROR ? text : "unexpected reply '\(text)'"))
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
