extension DroverConfig {
    /// Human-readable summary printed by `drover --test-config`: global settings, then each
    /// pool's listener, effective settings (defaults included) and shards with their nodes.
    /// Passwords are shown only as "set".
    public func summary() -> String {
        var lines = [
            "drover configuration: \(pools.count) pool\(pools.count == 1 ? "" : "s")",
            "  workers: \(workers.map(String.init) ?? "one per usable CPU but one, at least 1")",
            "  stats_listen: \(statsListen)",
            "  log_level: \(logLevel)",
        ]
        for pool in pools {
            lines.append("")
            lines += pool.summaryLines()
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension PoolConfig {
    func summaryLines() -> [String] {
        let tag = hashTag.map { " hash_tag \"\($0)\"," } ?? ""
        let auth = [backendUsername.map { "user \($0)" }, backendPassword.map { _ in "password set" }]
            .compactMap { $0 }.joined(separator: ", ")
        var lines = [
            "pool '\(name)': listen \(listen) (backlog \(backlog))",
            "  ring: \(distribution.rawValue), hash \(hash.rawValue),\(tag) \(shards.count) shard\(shards.count == 1 ? "" : "s")",
            "  backends: timeout \(Self.ms(timeoutMs, none: "none (wait forever)")), "
                + "connect_timeout \(connectTimeoutMs) ms, server_connections \(serverConnections), "
                + "redis_db \(redisDb), preconnect \(preconnect), tcpkeepalive \(tcpKeepalive), "
                + "auth \(auth.isEmpty ? "none" : auth)",
            "  health: server_failure_limit \(serverFailureLimit), "
                + "server_retry_timeout \(serverRetryTimeoutMs) ms, auto_eject_hosts \(autoEjectHosts)",
            "  clients: max_clients \(maxClients.map(String.init) ?? "no limit"), "
                + "client_timeout \(Self.ms(clientTimeoutMs, none: "never")), "
                + "client_password \(clientPassword == nil ? "none" : "set"), "
                + "max_request_size \(ByteCount.describe(maxRequestSize)), max_client_output \(ByteCount.describe(maxClientOutput))",
            "  behaviour: read_policy \(readPolicy.rawValue), on_backend_error \(onBackendError.rawValue), "
                + "read_your_writes \(readYourWritesMs == 0 ? "off" : "\(readYourWritesMs) ms"), "
                + "herd_timeout \(herdTimeoutSeconds == 0 ? "off" : "\(herdTimeoutSeconds) s"), "
                + "compression \(compression.map { "\($0.algorithm.rawValue) level \($0.level) from \(ByteCount.describe($0.minSize))" } ?? "off"), "
                + "cross_shard_transactions \(crossShardTransactions.rawValue)",
            "  shards:",
        ]
        for shard in shards {
            lines.append("    \(shard.name) (weight \(shard.weight)): primary \(shard.primary.address)")
            if !shard.replicas.isEmpty {
                lines.append("      replicas: " + shard.replicas.map(\.address.description).joined(separator: ", "))
            }
            if !shard.failover.isEmpty {
                lines.append("      failover: " + shard.failover.map(\.address.description).joined(separator: ", "))
            }
        }
        return lines
    }

    private static func ms(_ value: Int?, none: String) -> String {
        value.map { "\($0) ms" } ?? none
    }
}
