/// One pool of a twemproxy-format (`nutcracker.yml`) config, rendered as YAML.
///
/// Both nutcracker and drover read the result, so it holds only twemproxy's own keys
/// plus whatever ``extraLines`` adds.
struct PoolYAML {
    /// One `servers:` entry.
    struct Server {
        /// Port on 127.0.0.1.
        var port: Int
        /// The name that places it on the ketama ring; nil leaves it unnamed (`host:port`).
        var name: String?
    }

    var name = "it"
    /// `127.0.0.1:PORT`, or `/path/to.sock 0660` for a Unix socket.
    var listen: String
    var servers: [Server]
    var hash = "fnv1a_64"
    var distribution = "ketama"
    /// Two characters, e.g. `{}`; nil for none.
    var hashTag: String?
    /// Backend timeout in milliseconds; nil for the default.
    var timeoutMilliseconds: Int? = 2000
    /// More `key: value` lines for the pool, written as given.
    var extraLines: [String] = []

    /// Servers on `ports`, named s0, s1, ... when `named`.
    static func servers(ports: [Int], named: Bool) -> [Server] {
        ports.enumerated().map { Server(port: $1, name: named ? "s\($0)" : nil) }
    }

    /// The pool as YAML, top-level key first.
    var yaml: String {
        var lines = ["\(name):", "  listen: \(listen)", "  redis: true", "  hash: \(hash)",
                     "  distribution: \(distribution)"]
        if let hashTag { lines.append("  hash_tag: \"\(hashTag)\"") }
        if let timeoutMilliseconds { lines.append("  timeout: \(timeoutMilliseconds)") }
        lines += extraLines.map { "  \($0)" }
        lines.append("  servers:")
        lines += servers.map { "    - 127.0.0.1:\($0.port):1" + ($0.name.map { " \($0)" } ?? "") }
        return lines.joined(separator: "\n") + "\n"
    }
}
