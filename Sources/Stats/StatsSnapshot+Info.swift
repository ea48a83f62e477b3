extension StatsSnapshot {
    /// INFO's sections, in the order INFO prints them.
    public static let infoSections = ["server", "clients", "stats", "pools", "servers"]

    /// The reply to `INFO [section ...]` in Redis's format: `# Section` headers and
    /// `field:value` lines ending in CRLF; per-pool and per-server lines are numbered like
    /// Redis's `db0:` and `slave0:` lines (`pool0:name=cache,requests=12,...`), so
    /// INFO-parsing tools (redis-py's `info()`) turn them into dictionaries.
    ///
    /// - Parameter sections: Asked-for sections, any case; empty, `default`, `all` or
    ///   `everything` mean all. Unknown names add nothing, as in Redis.
    /// - Returns: The bulk string's text.
    public func infoText(sections: [String] = []) -> String {
        let asked = Set(sections.map { $0.lowercased() })
        let all = asked.isEmpty || !asked.isDisjoint(with: ["default", "all", "everything"])
        var blocks: [String] = []
        for section in Self.infoSections where all || asked.contains(section) {
            let lines = infoLines(section)
            let title = section.prefix(1).uppercased() + section.dropFirst()
            blocks.append((["# \(title)"] + lines).joined(separator: "\r\n") + "\r\n")
        }
        return blocks.joined(separator: "\r\n")
    }

    private func infoLines(_ section: String) -> [String] {
        switch section {
        case "server":
            var lines = [
                "drover_version:\(process.version)",
                // Tools that gate features on redis_version see what HELLO reports.
                "redis_version:7.0.0",
                "redis_mode:proxy",
                "process_id:\(process.processID)",
                "uptime_in_seconds:\(process.uptimeSeconds)",
                "uptime_in_days:\(process.uptimeSeconds / 86_400)",
                "workers:\(process.workers)",
                "pools:\(pools.count)",
                "config_file:\(Self.field(process.configFile))",
                "config_generation:\(process.configGeneration)",
                "config_reloads_ok:\(process.reloadsSucceeded)",
                "config_reloads_failed:\(process.reloadsFailed)",
                "config_last_reload_status:\(process.lastReloadError == nil ? "ok" : "failed")",
            ]
            if let error = process.lastReloadError { lines.append("config_last_reload_error:\(Self.field(error))") }
            return lines
        case "clients":
            return [
                "connected_clients:\(connectedClients)",
                "total_connections_received:\(pools.reduce(0) { $0 + $1.connectionsReceived })",
                "rejected_connections:\(pools.reduce(0) { $0 + $1.connectionsRejected })",
                "output_limit_disconnections:\(pools.reduce(0) { $0 + $1.outputLimitDisconnects })",
                "idle_timeout_disconnections:\(pools.reduce(0) { $0 + $1.idleDisconnects })",
                "protocol_error_disconnections:\(pools.reduce(0) { $0 + $1.protocolErrors })",
            ]
        case "stats":
            let servers = self.servers
            return [
                "total_commands_processed:\(pools.reduce(0) { $0 + $1.requests })",
                "total_error_replies:\(pools.reduce(0) { $0 + $1.errors })",
                // Redis's name for refused passwords.
                "acl_access_denied_auth:\(pools.reduce(0) { $0 + $1.authFailures })",
                "backend_requests:\(servers.reduce(0) { $0 + $1.requests })",
                "backend_errors:\(servers.reduce(0) { $0 + $1.errors })",
                "backend_timeouts:\(servers.reduce(0) { $0 + $1.timeouts })",
                "backend_ejections:\(servers.reduce(0) { $0 + $1.ejections })",
            ]
        case "pools":
            return pools.enumerated().map { index, pool in
                "pool\(index):" + Self.pairs([
                    ("name", pool.name), ("listen", pool.listen), ("shards", "\(Set(pool.servers.map(\.shard)).count)"),
                    ("clients", "\(pool.clients)"), ("connections_received", "\(pool.connectionsReceived)"),
                    ("rejected_connections", "\(pool.connectionsRejected)"), ("requests", "\(pool.requests)"),
                    ("errors", "\(pool.errors)"),
                ])
            }
        default:
            return servers.enumerated().map { index, server in
                var pairs = [
                    ("pool", server.pool), ("shard", server.shard), ("address", server.address),
                    ("state", server.state), ("connections", "\(server.connections)"),
                    ("requests", "\(server.requests)"), ("errors", "\(server.errors)"),
                    ("timeouts", "\(server.timeouts)"), ("ejections", "\(server.ejections)"),
                ]
                for (name, quantile) in [("p50", 0.5), ("p99", 0.99), ("p999", 0.999)] {
                    let micros = server.latency.quantileMicros(quantile) ?? 0
                    pairs.append(("latency_\(name)_usec", Self.threeDecimals(micros)))
                }
                return "server\(index):" + Self.pairs(pairs)
            }
        }
    }

    /// `a=1,b=2`, with the separators removed from values.
    private static func pairs(_ items: [(String, String)]) -> String {
        items.map { "\($0)=\(field($1).replacing(",", with: "_").replacing("=", with: "_"))" }
            .joined(separator: ",")
    }

    /// A value on one line.
    private static func field(_ text: String) -> String {
        String(text.map { $0 == "\r" || $0 == "\n" ? " " : $0 })
    }

    /// `12.500`, as Redis prints latency percentiles.
    static func threeDecimals(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
