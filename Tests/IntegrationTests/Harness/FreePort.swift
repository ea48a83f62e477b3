#if canImport(Glibc)
import Glibc
#endif

/// Finds loopback TCP ports nobody listens on.
///
/// Ports come from 20000-32767, below Linux's ephemeral range (32768+), so an outgoing
/// connection cannot take one between the check and the bind; callers that start a server
/// still retry on another port if the bind fails.
enum FreePort {
    private static let range: ClosedRange<UInt16> = 20_000...32_767

    /// A port on 127.0.0.1 that could be bound just now.
    /// - Throws: ``HarnessError`` after many failed tries.
    static func next() throws -> Int {
        for _ in 0..<200 {
            let port = UInt16.random(in: range)
            if isFree(port) { return Int(port) }
        }
        throw HarnessError("no free port in \(range) on 127.0.0.1 after 200 tries")
    }

    private static func isFree(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
