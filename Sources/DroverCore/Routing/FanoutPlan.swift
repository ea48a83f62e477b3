import RESP

/// How a command that concerns every shard (KEYS, SCAN, DBSIZE, FLUSHDB, SCRIPT LOAD, WAIT,
/// INFO's keyspace, ...) is sent, and how the shards' replies become the client's one reply.
///
/// ```
///   DBSIZE         -> shard 0: DBSIZE   shard 1: DBSIZE   shard 2: DBSIZE
///   replies        :10                  :7                :3
///   client gets    :20
///
///   SCAN 2049 ...  -> cursor 2049 = backend cursor 2 << 10 | shard 1  ->  shard 1: SCAN 2 ...
/// ```
public struct FanoutPlan: Sendable {
    /// How replies combine (``FanoutMerge`` plus the cases that carry data).
    public enum Merge: Sendable, Equatable {
        case concatArrays, sumIntegers, allOK, allEqual, logicalAnd, oneSucceeded
        case firstNonNil, anyShard, minInteger
        /// SCAN: shard `shard` alone was asked; its cursor is folded back into drover's.
        case scan(shard: Int, shardCount: Int)
        /// INFO: the shards' `# Keyspace` sections summed, after drover's own sections
        /// when `withLocal`.
        case infoKeyspace(withLocal: Bool)
    }

    public let merge: Merge
    /// The shards asked, in fragment order.
    public let shards: [Int]
    /// What every shard gets, when it is not the client's request unchanged.
    public let request: [UInt8]?
    /// Whether each shard gets the request on a dedicated connection (WAIT blocks).
    public let dedicated: Bool
    /// SCRIPT LOAD and SCRIPT FLUSH: drover also keeps or forgets script bodies.
    public let script: ScriptCommand?

    init(merge: Merge, shards: [Int], request: [UInt8]? = nil, dedicated: Bool = false,
         script: ScriptCommand? = nil) {
        self.merge = merge
        self.shards = shards
        self.request = request
        self.dedicated = dedicated
        self.script = script
    }

    /// The plan for a ``Route/fanout(_:)`` command over a pool of `shardCount` shards.
    /// - Returns: the plan, or the error to answer (a bad SCAN cursor).
    public static func make(_ request: RequestView, merge: FanoutMerge, shardCount: Int,
                            script: ScriptCommand? = nil) -> Result<FanoutPlan, FanoutError> {
        guard shardCount > 0 else { return .failure(.noShard) }
        let every = Array(0..<shardCount)
        switch merge {
        case .concatArrays: return .success(FanoutPlan(merge: .concatArrays, shards: every))
        case .sumIntegers: return .success(FanoutPlan(merge: .sumIntegers, shards: every))
        case .allOK: return .success(FanoutPlan(merge: .allOK, shards: every, script: script))
        case .allEqual: return .success(FanoutPlan(merge: .allEqual, shards: every, script: script))
        case .logicalAnd: return .success(FanoutPlan(merge: .logicalAnd, shards: every))
        case .oneSucceeded: return .success(FanoutPlan(merge: .oneSucceeded, shards: every))
        case .firstNonNil: return .success(FanoutPlan(merge: .firstNonNil, shards: every))
        case .anyShard: return .success(FanoutPlan(merge: .anyShard, shards: [0]))
        case .minInteger: return .success(FanoutPlan(merge: .minInteger, shards: every, dedicated: true))
        case .scan: return scan(request, shardCount: shardCount)
        }
    }

    /// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]: the cursor's shard gets the
    /// same request with its own cursor in place of drover's.
    static func scan(_ request: RequestView, shardCount: Int) -> Result<FanoutPlan, FanoutError> {
        guard let (shard, cursor) = ScanCursor.decode(request.arg(1), shardCount: shardCount) else {
            return .failure(.invalidCursor)
        }
        let out = ByteBuffer(capacity: request.bytes.count + 24)
        out.appendArrayHeader(request.count)
        out.appendBulk(request.arg(0))
        out.appendBulk(String(cursor))
        for i in 2..<request.count { out.appendBulk(request.arg(i)) }
        return .success(FanoutPlan(merge: .scan(shard: shard, shardCount: shardCount), shards: [shard],
                                   request: out.readableBytes))
    }

    /// INFO when the sections asked for include the keyspace (no argument, `default`,
    /// `all`, `everything` or `keyspace`): every shard gets `INFO keyspace`. Nil when
    /// drover answers alone.
    public static func infoKeyspace(_ request: RequestView, shardCount: Int) -> FanoutPlan? {
        guard shardCount > 0 else { return nil }
        var keyspace = request.count == 1
        var others = request.count == 1
        for i in 1..<max(1, request.count) {
            let section = request.string(i).lowercased()
            switch section {
            case "keyspace": keyspace = true
            case "all", "everything", "default": keyspace = true; others = true
            default: others = true
            }
        }
        guard keyspace else { return nil }
        return FanoutPlan(merge: .infoKeyspace(withLocal: others), shards: Array(0..<shardCount),
                          request: RESP.command(["INFO", "keyspace"]))
    }
}

/// Why a fan-out cannot be planned.
public enum FanoutError: Error, Sendable {
    /// The pool has no shard.
    case noShard
    /// A SCAN cursor drover did not hand out.
    case invalidCursor

    /// The error to answer, without the leading '-'.
    public var text: String {
        switch self {
        case .noShard: return ErrorText.noShard
        case .invalidCursor: return "ERR invalid cursor"
        }
    }
}
