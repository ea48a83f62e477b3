import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A stand-in for a Redis node that can be told to misbehave: drover's side of a broken
/// backend, on 127.0.0.1, one thread per connection.
///
/// While `.healthy` it answers PING, ECHO, GET, SET, MGET, DEL and EXISTS from a
/// dictionary shared by its connections; otherwise it breaks in the way its mode says. The
/// mode can be changed at any time; it applies to requests read from then on.
final class FakeBackend: @unchecked Sendable {
    enum Mode: Sendable, Equatable {
        /// Answers like Redis.
        case healthy
        /// Accepts and reads, never answers.
        case silent
        /// Answers every request with bytes that are no RESP.
        case garbage
        /// Writes the first bytes of a reply, then closes the connection.
        case closeMidReply
        /// Answers like Redis, each reply `seconds` late.
        case slow(seconds: Double)
        /// Starts a reply declaring a bulk of 900 GB, then sends nothing more.
        case hugeLength
    }

    /// The port it listens on.
    let port: Int
    private let listenFD: Int32
    private let lock = NSLock()
    private var currentMode: Mode
    private var store: [String: [UInt8]] = [:]
    private var received: [[String]] = []
    private var connections: [Int32] = []
    private var stopped = false

    /// Starts listening on a free port.
    init(mode: Mode = .healthy) throws {
        currentMode = mode
        var lastError = "no port tried"
        for _ in 0..<20 {
            let port = try FreePort.next()
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if bound == 0 && listen(fd, 64) == 0 {
                self.port = port
                listenFD = fd
                Thread.detachNewThread { [self] in acceptLoop() }
                return
            }
            lastError = String(cString: strerror(errno))
            close(fd)
        }
        throw HarnessError("FakeBackend could not listen: \(lastError)")
    }

    deinit { stop() }

    /// How it behaves from now on.
    var mode: Mode {
        get { lock.withLock { currentMode } }
        set { lock.withLock { currentMode = newValue } }
    }

    /// Every command received so far, in arrival order.
    var commands: [[String]] { lock.withLock { received } }

    /// Stops listening and closes every connection.
    func stop() {
        let open: [Int32] = lock.withLock {
            if stopped { return [] }
            stopped = true
            return connections
        }
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            let keep = lock.withLock { () -> Bool in
                if stopped { return false }
                connections.append(fd)
                return true
            }
            if !keep {
                close(fd)
                return
            }
            Thread.detachNewThread { [self] in serve(fd) }
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            lock.withLock { connections.removeAll { $0 == fd } }
            close(fd)
        }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return }
            buffer += chunk[0..<n]
            while let (command, length) = Self.parseCommand(buffer) {
                buffer.removeFirst(length)
                lock.withLock { received.append(command) }
                switch mode {
                case .healthy:
                    if !write(fd, answer(command)) { return }
                case .slow(let seconds):
                    Thread.sleep(forTimeInterval: seconds)
                    if !write(fd, answer(command)) { return }
                case .silent:
                    continue
                case .garbage:
                    if !write(fd, Array("?this is not RESP\r\n".utf8)) { return }
                case .hugeLength:
                    if !write(fd, Array("$900000000000\r\n".utf8)) { return }
                case .closeMidReply:
                    _ = write(fd, Array("$10\r\nhel".utf8))
                    return
                }
            }
        }
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// A Redis answer to the few commands drover forwards in these tests.
    private func answer(_ command: [String]) -> [UInt8] {
        func bulk(_ value: [UInt8]?) -> [UInt8] {
            guard let value else { return Array("$-1\r\n".utf8) }
            return Array("$\(value.count)\r\n".utf8) + value + [13, 10]
        }
        let name = command.first?.uppercased() ?? ""
        let args = Array(command.dropFirst())
        return lock.withLock {
            switch (name, args.count) {
            case ("PING", 0): return Array("+PONG\r\n".utf8)
            case ("ECHO", 1): return bulk(Array(args[0].utf8))
            case ("GET", 1): return bulk(store[args[0]])
            case ("SET", 2):
                store[args[0]] = Array(args[1].utf8)
                return Array("+OK\r\n".utf8)
            case ("MGET", _):
                return Array("*\(args.count)\r\n".utf8) + args.flatMap { bulk(store[$0]) }
            case ("DEL", _), ("EXISTS", _):
                let present = args.filter { store[$0] != nil }.count
                if name == "DEL" { for key in args { store[key] = nil } }
                return Array(":\(present)\r\n".utf8)
            default:
                return Array("-ERR FakeBackend does not know '\(name)'\r\n".utf8)
            }
        }
    }

    /// One multibulk command at the start of `bytes`, and its length.
    private static func parseCommand(_ bytes: [UInt8]) -> ([String], Int)? {
        func line(from start: Int) -> (String, Int)? {
            var i = start
            while i + 1 < bytes.count {
                if bytes[i] == 13 && bytes[i + 1] == 10 {
                    return (String(decoding: bytes[start..<i], as: UTF8.self), i + 2)
                }
                i += 1
            }
            return nil
        }
        guard let (header, afterHeader) = line(from: 0), header.hasPrefix("*"), let count = Int(header.dropFirst()) else {
            return nil
        }
        var cursor = afterHeader
        var args: [String] = []
        for _ in 0..<count {
            guard let (lengthLine, dataStart) = line(from: cursor), let length = Int(lengthLine.dropFirst()),
                  bytes.count >= dataStart + length + 2 else { return nil }
            args.append(String(decoding: bytes[dataStart..<dataStart + length], as: UTF8.self))
            cursor = dataStart + length + 2
        }
        return (args, cursor)
    }
}
