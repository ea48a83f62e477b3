/// What a pool's config says about client sessions.
public struct SessionPolicy: Sendable {
    /// Clients must AUTH with this before anything but AUTH, HELLO, QUIT and PING.
    public var password: String?
    /// The backend database the pool uses (`redis_db`); clients may SELECT 0 or this.
    public var database: Int
    /// drover's version, for HELLO and CLIENT INFO.
    public var version: String

    public init(password: String?, database: Int, version: String) {
        self.password = password
        self.database = database
        self.version = version
    }
}

/// What happens to the connection after a locally answered command.
public enum SessionOutcome: Sendable, Equatable {
    case reply
    /// Write the reply, then close (QUIT).
    case replyAndClose
}

/// Compares secrets in time that depends only on their lengths, not on where they
/// first differ.
public func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
    var difference = UInt(bitPattern: a.count ^ b.count)
    var ai = a.makeIterator()
    var bi = b.makeIterator()
    // Walk the longer one so the time does not reveal a common prefix.
    for _ in 0..<max(a.count, b.count) {
        let x = ai.next() ?? 0
        let y = bi.next() ?? 0xFF
        difference |= UInt(x ^ y)
    }
    return difference == 0
}
