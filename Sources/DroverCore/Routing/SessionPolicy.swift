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

/// Compares a client's `given` bytes with a `secret` in time that depends only on the
/// length of `given`: neither where they first differ nor the secret's length shows.
///
/// Every byte of `given` is compared with the secret byte at the same position, taken
/// modulo the secret's length so no branch depends on it; the lengths are compared apart.
public func constantTimeEquals(_ given: some Collection<UInt8>, _ secret: some Collection<UInt8>) -> Bool {
    let secretBytes = Array(secret)
    let n = secretBytes.count
    var difference = UInt(bitPattern: given.count ^ n)
    if n == 0 { return difference == 0 }
    var i = 0
    for byte in given {
        difference |= UInt(byte ^ secretBytes[i % n])
        i += 1
    }
    return difference == 0
}
