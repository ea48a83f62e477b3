import CSystem
import Glibc

/// Tells systemd (a `Type=notify` unit) what the daemon is doing, by writing datagrams to
/// `$NOTIFY_SOCKET` directly (sd_notify(3)'s protocol, without libsystemd).
///
/// `READY=1` once listening, `RELOADING=1` with `MONOTONIC_USEC` when a reload starts
/// and `READY=1` when it ends, `STOPPING=1` when a stop starts; each with a `STATUS=` line
/// that `systemctl status` shows.
final class SystemdNotifier: Sendable {
    private let fd: Int32
    /// The socket address's bytes (`sockaddr_un`, abstract names with a leading NUL).
    private let address: [UInt8]

    /// nil unless `NOTIFY_SOCKET` names a socket (drover not started by systemd).
    init?() {
        guard let raw = getenv("NOTIFY_SOCKET") else { return nil }
        var path = Array(String(cString: raw).utf8)
        guard path.first == UInt8(ascii: "/") || path.first == UInt8(ascii: "@") else { return nil }
        if path[0] == UInt8(ascii: "@") { path[0] = 0 }  // an abstract socket
        var storage = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard path.count < capacity else { return nil }
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: path) }
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + path.count + (path[0] == 0 ? 0 : 1)
        address = withUnsafeBytes(of: &storage) { Array($0.prefix(length)) }
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
    }

    deinit { close(fd) }

    /// `READY=1`: listening (after start, or after a reload).
    func ready(status: String) {
        send("READY=1\nSTATUS=\(status)")
    }

    /// `RELOADING=1`, stamped with CLOCK_MONOTONIC as systemd ≥ 253 asks.
    func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let micros = Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
        send("RELOADING=1\nMONOTONIC_USEC=\(micros)\nSTATUS=reloading the configuration")
    }

    /// `STOPPING=1`: draining before exit.
    func stopping() {
        send("STOPPING=1\nSTATUS=stopping: finishing in-flight requests")
    }

    private func send(_ message: String) {
        let bytes = Array(message.utf8)
        address.withUnsafeBytes { raw in
            let sockaddrPointer = raw.baseAddress!.assumingMemoryBound(to: sockaddr.self)
            _ = bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sockaddrPointer, socklen_t(raw.count)) }
        }
    }
}
