import Backend
import Config
import Dispatch
import CSystem
import Glibc
import Logging

/// A listening socket (TCP or Unix) whose new connections are accepted on a Dispatch
/// queue and handed to the workers in turn.
final class Listener: @unchecked Sendable {
    let address: ListenAddress
    let fd: Int32
    private var source: DispatchSourceRead?

    /// Binds and listens; a stale Unix socket file is replaced and its mode set.
    init(address: ListenAddress, backlog: Int) throws(SocketError) {
        self.address = address
        let family: Int32
        let socketAddress: SocketAddress
        switch address {
        case .tcp(let host, let port):
            socketAddress = try SocketAddress(host: host, port: port)
            family = socketAddress.family
        case .unix(let path, _):
            socketAddress = try SocketAddress(unixPath: path)
            family = AF_UNIX
            unlink(path)
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        var one: Int32 = 1
        if family != AF_UNIX {
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = socketAddress.withSockaddr { bind(fd, $0, $1) }
        guard bound == 0 else {
            let error = SocketError("bind \(address)")
            close(fd)
            throw error
        }
        if case .unix(let path, let mode?) = address { chmod(path, mode_t(mode)) }
        guard listen(fd, Int32(backlog)) == 0 else {
            let error = SocketError("listen \(address)")
            close(fd)
            throw error
        }
        self.fd = fd
    }

    /// Starts accepting; `accepted` runs on `queue` for every new connection's fd.
    func start(queue: DispatchQueue, accepted: @escaping @Sendable (Int32) -> Void) {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        let fd = self.fd
        let isTCP: Bool
        if case .tcp = address { isTCP = true } else { isTCP = false }
        source.setEventHandler {
            while true {
                let client = accept4(fd, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                if client < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    if errno == EMFILE || errno == ENFILE { self.shedOne() }
                    return  // EAGAIN: retried on the next event
                }
                if isTCP { Socket.setNoDelay(client) }
                accepted(client)
            }
        }
        source.resume()
        self.source = source
    }

    /// A descriptor held in reserve: out of descriptors, a level-triggered listener would
    /// wake up forever for the connection it cannot accept, so the reserve is freed to
    /// accept that connection and close it at once, then taken again.
    private var reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
    private var shed = 0

    /// Out of descriptors: accepts and closes one waiting connection (runs on the accept
    /// queue); logs the first time and every 1000th after.
    private func shedOne() {
        if reserveFD >= 0 { close(reserveFD) }
        let client = accept4(fd, nil, nil, Int32(SOCK_CLOEXEC.rawValue))
        if client >= 0 { close(client) }
        reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
        if shed % 1000 == 0 {
            logger?.error("out of file descriptors: closing new connections", metadata: [
                "listen": "\(address)", "closed_so_far": "\(shed + 1)"])
        }
        shed += 1
    }

    /// Where `shedOne` reports (set by the server).
    var logger: Logger?

    /// Stops accepting and closes the socket (removing a Unix socket file).
    func stop() {
        if let source {
            // The reserve is only touched on the accept queue, where this handler runs.
            source.setCancelHandler { [self] in
                close(fd)
                if reserveFD >= 0 { close(reserveFD) }
            }
            source.cancel()
        } else {
            close(fd)
            if reserveFD >= 0 { close(reserveFD) }
        }
        source = nil
        if case .unix(let path, _) = address { unlink(path) }
    }
}
