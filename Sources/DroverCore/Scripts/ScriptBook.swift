/// The Lua script bodies drover has seen (SCRIPT LOAD, EVAL), by SHA1.
///
/// Redis caches scripts per server, so a script loaded on one shard is unknown to the
/// others, and to a shard added later. With the body at hand drover answers a shard's
/// NOSCRIPT by loading the script there and retrying the EVALSHA, and the client never
/// sees the difference. A value type with no lock: the server shares one behind a mutex.
public struct ScriptBook: Sendable {
    /// At most this many scripts are kept; later ones are still forwarded, just not kept.
    public static let maxScripts = 10_000
    /// At most this many bytes of script bodies are kept.
    public static let maxBytes = 64 << 20

    private var bodies: [String: [UInt8]] = [:]
    private var totalBytes = 0

    public init() {}

    /// Number of scripts kept.
    public var count: Int { bodies.count }

    /// Keeps `body` (if there is room) and returns its SHA1 as Redis prints it.
    @discardableResult
    public mutating func record(_ body: UnsafeRawBufferPointer) -> String {
        let sha = SHA1.hex(body)
        if bodies[sha] == nil && bodies.count < Self.maxScripts && totalBytes + body.count <= Self.maxBytes {
            bodies[sha] = Array(body)
            totalBytes += body.count
        }
        return sha
    }

    /// The body whose SHA1 is `sha` (any case, as EVALSHA accepts), if kept.
    public func body(forSHA sha: UnsafeRawBufferPointer) -> [UInt8]? {
        guard sha.count == 40 else { return nil }
        return bodies[String(decoding: sha.map { $0 | 0x20 }, as: UTF8.self)]
    }

    /// Forgets every body (SCRIPT FLUSH: the shards forget theirs too).
    public mutating func removeAll() {
        bodies.removeAll()
        totalBytes = 0
    }

    /// Whether a shard's reply is NOSCRIPT: the script is not in that shard's cache.
    public static func isNoScript(_ reply: UnsafeRawBufferPointer) -> Bool {
        let prefix: StaticString = "-NOSCRIPT"
        guard reply.count >= prefix.utf8CodeUnitCount else { return false }
        for i in 0..<prefix.utf8CodeUnitCount where reply[i] != prefix.utf8Start[i] { return false }
        return true
    }
}
