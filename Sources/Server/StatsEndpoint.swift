import Dispatch
import Glibc
import Stats

/// Serves one connection of the stats listener: reads an HTTP request head, answers it
/// (``Stats/StatsHTTP``) and closes. Runs off the workers, on a global queue, so a slow
/// scraper never touches the data path.
enum StatsEndpoint {
    /// How long a scraper may take to send its request or read the answer.
    static let timeoutSeconds = 2

    static func serve(_ fd: Int32, snapshot: @escaping @Sendable () -> StatsSnapshot) {
        DispatchQueue.global().async {
            defer { close(fd) }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            var limit = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            var head: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while head.count < StatsHTTP.maxHeadBytes && !StatsHTTP.headIsComplete(head) {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n <= 0 { return }
                head += chunk[0..<n]
            }
            let response = StatsHTTP.respond(to: head, snapshot: snapshot)
            var sent = 0
            while sent < response.count {
                let n = response.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return }
                sent += n
            }
        }
    }
}
