import Config
import Glibc
import Logging

/// The open-file limit: every client and backend connection is a descriptor, so drover
/// raises its soft RLIMIT_NOFILE to the hard limit at start-up (as nginx, HAProxy and
/// Redis do); a service manager sets the hard limit (systemd's `LimitNOFILE`).
enum FileLimit {
    /// Raises the soft limit to the hard one and warns if the result cannot hold the
    /// configured `max_clients`.
    static func raise(for config: DroverConfig, logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let before = limit.rlim_cur
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 { limit.rlim_cur = before }
        }
        if limit.rlim_cur != before {
            logger.info("raised the open file limit", metadata: ["from": "\(before)", "to": "\(limit.rlim_cur)"])
        }
        // Each client needs one descriptor; leave some for listeners and backends.
        let clients = config.pools.reduce(0) { $0 + ($1.maxClients ?? 0) }
        if clients > 0 && UInt64(clients) + 64 > UInt64(limit.rlim_cur) {
            logger.warning("the open file limit is below max_clients", metadata: [
                "open_file_limit": "\(limit.rlim_cur)", "max_clients_total": "\(clients)"])
        }
    }
}
