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
                    return  // EAGAIN, or EMFILE and friends: retried on the next event
                }
                if isTCP { Socket.setNoDelay(client) }
                accepted(client)
            }
        }
        source.resume()
        self.source = source
    }

    /// Stops accepting and closes the socket (removing a Unix socket file).
    func stop() {
        if let source {
            source.setCancelHandler { [fd] in close(fd) }
            source.cancel()
        } else {
            close(fd)
        }
        source = nil
        if case .unix(let path, _) = address { unlink(path) }
    }
}
