import Glibc
import RESP

/// A failed socket call, with the errno text.
public struct SocketError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let code: Int32
    public var description: String { "\(operation): \(String(cString: strerror(code)))" }
    public init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }
}

/// A resolved socket address (IPv4, IPv6 or Unix path), resolved once and reused for
/// every reconnect so no name lookup happens on the data path.
public struct SocketAddress: Sendable, CustomStringConvertible {
    private var storage = sockaddr_storage()
    public private(set) var length: socklen_t = 0
    public let description: String

    /// Resolves `host` (a literal or a name such as localhost) and `port`.
    public init(host: String, port: Int) throws(SocketError) {
        description = "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let info = result else {
            throw SocketError("resolve \(host)", code: rc == EAI_SYSTEM ? errno : ENOENT)
        }
        defer { freeaddrinfo(info) }
        length = info.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &storage) { dst in
            dst.copyMemory(from: UnsafeRawBufferPointer(start: info.pointee.ai_addr, count: Int(length)))
        }
    }

    /// A Unix domain socket path.
    public init(unixPath path: String) throws(SocketError) {
        description = path
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: addr.sun_path)
        guard bytes.count < capacity else { throw SocketError("unix path too long: \(path)", code: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes) }
        length = socklen_t(MemoryLayout<sockaddr_un>.size)
        withUnsafeMutableBytes(of: &storage) { dst in
            withUnsafeBytes(of: &addr) { dst.copyMemory(from: $0) }
        }
    }

    /// The address family (AF_INET, AF_INET6, AF_UNIX).
    public var family: Int32 { Int32(storage.ss_family) }

    /// Calls `body` with the address as a `sockaddr` pointer.
    public func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}

/// Thin wrappers over the socket calls the connections make.
public enum Socket {
    /// Opens a non-blocking stream socket to `address` and starts connecting.
    /// - Returns: the fd and whether the connect is still in progress (EINPROGRESS).
    public static func connect(to address: SocketAddress) throws(SocketError) -> (fd: Int32, inProgress: Bool) {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        if address.family != AF_UNIX { setNoDelay(fd) }
        let rc = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if rc == 0 { return (fd, false) }
        let code = errno
        if code == EINPROGRESS || code == EAGAIN { return (fd, true) }
        close(fd)
        throw SocketError("connect \(address)", code: code)
    }

    /// The pending error of a socket whose non-blocking connect finished (0 = connected).
    public static func pendingError(_ fd: Int32) -> Int32 {
        var value: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &len) != 0 { return errno }
        return value
    }

    /// Disables Nagle: replies are written once per loop turn already.
    public static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Reads into the writable space of `buffer` (growing it to at least `minSpace`).
    /// - Returns: bytes read; 0 at end of stream; -1 with errno set (EAGAIN: nothing ready).
    @inlinable
    public static func read(_ fd: Int32, into buffer: ByteBuffer, minSpace: Int) -> Int {
        buffer.reserve(minSpace)
        let n = Glibc.read(fd, buffer.writePointer, buffer.writableCount)
        if n > 0 { buffer.didWrite(n) }
        return n
    }

    /// Writes the readable bytes of `buffer`, consuming what the kernel took.
    /// - Returns: false on a hard error (errno set); true if all or some was written,
    ///   or the socket was full.
    @inlinable
    public static func write(_ fd: Int32, from buffer: ByteBuffer) -> Bool {
        while !buffer.isEmpty {
            let pending = buffer.readable
            let n = Glibc.write(fd, pending.baseAddress!, pending.count)
            if n > 0 {
                buffer.consume(n)
                if n < pending.count { return true }
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)
            }
        }
        return true
    }
}
