import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A deliberately small blocking RESP client: send raw bytes, read replies one by one or
/// as the exact bytes received, and tell whether the server closed the connection.
final class RESPConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var peerClosed = false

    /// Connects to `host:port` over TCP.
    /// - Parameter timeout: seconds any single read or write may block.
    init(port: Int, host: String = "127.0.0.1", timeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket(): \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr(host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try finishConnect(result, target: "\(host):\(port)", timeout: timeout)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Connects to a Unix domain socket at `path`.
    /// - Parameter timeout: seconds any single read or write may block.
    init(unixPath path: String, timeout: Double = 10) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket(): \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw HarnessError("Unix socket path too long: \(path)")  // deinit closes fd
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try finishConnect(result, target: path, timeout: timeout)
    }

    private func finishConnect(_ result: Int32, target: String, timeout: Double) throws {
        guard result == 0 else {
            // No close here: a class whose init throws once every property is set still
            // runs deinit, which closes fd; closing twice could close a descriptor another
            // test's thread has opened in between.
            let reason = String(cString: strerror(errno))
            throw HarnessError("cannot connect to \(target): \(reason)")
        }
        var time = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(fd)
    }

    /// Writes all of `bytes`.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw HarnessError("send: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Writes `text`'s UTF-8 bytes as they are (e.g. an inline command or a crafted frame).
    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Writes one command as a RESP array of bulk strings, without reading the reply.
    func send(command arguments: [String]) throws {
        try send(RESPReply.encodeCommand(arguments))
    }

    /// Sends one command and reads its reply.
    func command(_ arguments: String...) throws -> RESPReply {
        try send(command: arguments)
        return try readReply()
    }

    /// Reads the next reply.
    /// - Throws: ``HarnessError`` on timeout, on a closed connection or on bad bytes.
    func readReply() throws -> RESPReply {
        while true {
            if let (reply, end) = try RESPReply.parse(buffer, from: start) {
                start = end
                compact()
                return reply
            }
            try fill()
        }
    }

    /// Reads the next `count` replies and returns exactly the bytes that carried them.
    func readRawReplies(_ count: Int) throws -> [UInt8] {
        let first = start
        var cursor = start
        var parsed = 0
        while parsed < count {
            if let (_, end) = try RESPReply.parse(buffer, from: cursor) {
                cursor = end
                parsed += 1
            } else {
                try fill()
            }
        }
        let raw = Array(buffer[first..<cursor])
        start = cursor
        compact()
        return raw
    }

    /// Reads exactly `count` bytes, unparsed (for replies too deep for ``readReply()``,
    /// which recurses).
    func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count - start < count { try fill() }
        let bytes = Array(buffer[start..<start + count])
        start += count
        compact()
        return bytes
    }

    /// Waits up to `timeout` seconds for the server to close the connection.
    /// - Returns: the bytes that arrived before the close, or nil if it stayed open.
    func readUntilClosed(timeout: Double) -> [UInt8]? {
        let deadline = Date().addingTimeInterval(timeout)
        while !peerClosed && Date() < deadline {
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            if poll(&pollFD, 1, remaining) <= 0 { continue }
            do { try fill() } catch { peerClosed = true }
        }
        guard peerClosed else { return nil }
        let rest = Array(buffer[start...])
        start = buffer.count
        return rest
    }

    private func fill() throws {
        guard !peerClosed else { throw HarnessError("connection closed by the server") }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer += chunk[0..<count]
                return
            }
            if count == 0 {
                peerClosed = true
                throw HarnessError("connection closed by the server")
            }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw HarnessError("timed out waiting for a reply") }
            peerClosed = true
            throw HarnessError("recv: \(String(cString: strerror(errno)))")
        }
    }

    private func compact() {
        if start > 1 << 20 || start == buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

extension RESPConnection {
    /// Sends `commands` in one write and reads one reply for each, in order.
    func pipeline(_ commands: [[String]]) throws -> [RESPReply] {
        try send(commands.flatMap { RESPReply.encodeCommand($0) })
        return try commands.map { _ in try readReply() }
    }
}
