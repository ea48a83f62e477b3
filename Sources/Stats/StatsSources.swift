/// Where a snapshot's numbers come from: references to every worker's counters, grouped
/// by pool and server. The server rebuilds this on start and on every reload, keeping
/// the counter objects of pools and servers that stay, so counters never go back.
public struct StatsSources: Sendable {
    /// One backend server and each worker's counters for it.
    public struct Server: Sendable {
        /// The shard's ring name.
        public var shard: String
        /// `host:port` or a socket path.
        public var address: String
        /// One per worker.
        public var counters: [ServerCounters]

        /// Creates a server entry.
        public init(shard: String, address: String, counters: [ServerCounters]) {
            self.shard = shard
            self.address = address
            self.counters = counters
        }
    }

    /// One pool and each worker's counters for it.
    public struct Pool: Sendable {
        /// The pool's name.
        public var name: String
        /// Where it listens.
        public var listen: String
        /// Its clients, across workers.
        public var clients: ClientGauge
        /// One per worker.
        public var counters: [PoolCounters]
        /// Its servers, in shard order.
        public var servers: [Server]

        /// Creates a pool entry.
        public init(name: String, listen: String, clients: ClientGauge, counters: [PoolCounters], servers: [Server]) {
            self.name = name
            self.listen = listen
            self.clients = clients
            self.counters = counters
            self.servers = servers
        }
    }

    /// The pools, in configuration order.
    public var pools: [Pool]

    /// Creates sources.
    public init(pools: [Pool] = []) {
        self.pools = pools
    }

    /// Reads every counter (relaxed loads, no lock) and sums over workers.
    ///
    /// - Parameter process: The process facts to include.
    /// - Returns: The numbers now.
    public func collect(process: ProcessStats) -> StatsSnapshot {
        StatsSnapshot(process: process, pools: pools.map { pool in
            PoolStats(name: pool.name, listen: pool.listen,
                      clients: max(pool.clients.connected.value, 0),
                      connectionsReceived: pool.clients.accepted.value,
                      connectionsRejected: pool.clients.rejected.value,
                      outputLimitDisconnects: pool.counters.reduce(0) { $0 + $1.outputLimitDisconnects.value },
                      idleDisconnects: pool.counters.reduce(0) { $0 + $1.idleDisconnects.value },
                      protocolErrors: pool.counters.reduce(0) { $0 + $1.protocolErrors.value },
                      authFailures: pool.counters.reduce(0) { $0 + $1.authFailures.value },
                      requests: pool.counters.reduce(0) { $0 + $1.requests.value },
                      errors: pool.counters.reduce(0) { $0 + $1.errors.value },
                      servers: pool.servers.map { Self.collect($0, pool: pool.name) })
        })
    }

    private static func collect(_ server: Server, pool: String) -> ServerStats {
        let all = server.counters
        var buckets = Array(repeating: 0, count: LatencyBuckets.count)
        for counters in all {
            for (index, count) in counters.latencyCounts.enumerated() { buckets[index] += count }
        }
        let states = Set(all.map(\.currentState))
        let state: ServerState = states.contains(.down) ? .down : states.contains(.up) ? .up : .idle
        return ServerStats(pool: pool, shard: server.shard, address: server.address, state: state.name,
                           connections: all.reduce(0) { $0 + $1.connections.value },
                           requests: all.reduce(0) { $0 + $1.requests.value },
                           errors: all.reduce(0) { $0 + $1.errors.value },
                           timeouts: all.reduce(0) { $0 + $1.timeouts.value },
                           ejections: all.reduce(0) { $0 + $1.ejections.value },
                           latency: LatencyStats(buckets: buckets, sumNs: all.reduce(0) { $0 + $1.latencySumNs.value }))
    }
}
