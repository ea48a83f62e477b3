import Testing

extension Cluster {
    /// Three shards with hash tags (`{}`), and `cross_shard_transactions` if given.
    /// - Parameter oneWorker: run drover with one worker, so every client shares one
    ///   worker's dedicated connections.
    static func tagged(crossShardTransactions policy: String? = nil, oneWorker: Bool = false) throws -> Cluster {
        try Cluster(arguments: oneWorker ? ["--workers", "1"] : []) { pool in
            pool.hashTag = "{}"
            if let policy { pool.extraLines.append("cross_shard_transactions: \(policy)") }
        }
    }

    /// Connected clients as backend `index` counts them (drover's connections included).
    func connectedClients(_ index: Int) throws -> Int {
        guard case .bulk(let bytes) = try backend(index).command("INFO", "clients") else { return -1 }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("connected_clients:") }),
              let value = Int(line.dropFirst("connected_clients:".count)) else { return -1 }
        return value
    }
}

/// A tagged three-shard cluster and a single Redis beside it, with a client of each, for
/// checking that drover answers as one Redis would.
struct BesideRedis {
    let cluster: Cluster
    let redis: RedisServer
    /// A client of drover.
    let drover: RESPConnection
    /// A client of the single Redis.
    let single: RESPConnection

    init() throws {
        cluster = try Cluster.tagged()
        redis = try RedisServer()
        drover = try cluster.connect()
        single = try RESPConnection(port: redis.port)
    }

    func stop() {
        cluster.stop()
        redis.stop()
    }
}

/// Sends each command to drover and to a single Redis, and expects identical replies.
/// - Parameter unordered: compare arrays as multisets (set members come back in an order
///   that depends on each server's hash seed).
func expectSameReplies(_ commands: [[String]], drover: RESPConnection, redis: RESPConnection, unordered: Bool = false,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
    for command in commands {
        try drover.send(command: command)
        try redis.send(command: command)
        var fromDrover = try drover.readReply()
        var fromRedis = try redis.readReply()
        if unordered {
            fromDrover = fromDrover.sortingArrays()
            fromRedis = fromRedis.sortingArrays()
        }
        #expect(fromDrover == fromRedis, "\(command.joined(separator: " ")): drover \(fromDrover), Redis \(fromRedis)",
                sourceLocation: sourceLocation)
    }
}

extension RESPConnection {
    /// Sends one command given as an array and reads its reply.
    func command(_ arguments: [String]) throws -> RESPReply {
        try send(command: arguments)
        return try readReply()
    }
}

extension RESPReply {
    /// The reply with every array's elements sorted, recursively.
    func sortingArrays() -> RESPReply {
        guard case .array(let items) = self else { return self }
        return .array(items.map { $0.sortingArrays() }.sorted { $0.description < $1.description })
    }
}
