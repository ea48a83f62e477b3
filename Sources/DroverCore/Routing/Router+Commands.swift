import RESP

/// Routing of the commands that are more than "forward to a shard": fan-outs, blocking
/// commands, pub/sub, scripts and INFO's keyspace.
extension Router {
    /// Why the keys of a same-shard command cannot be placed.
    public enum KeysError: Error, Sendable, Equatable {
        case badKeys(String), noShard, crossShard(String)

        /// The error to answer, without the leading '-'.
        public var text: String {
            switch self {
            case .badKeys(let name): return ErrorText.badKeys(name)
            case .noShard: return ErrorText.noShard
            case .crossShard(let name): return ErrorText.crossShard(name)
            }
        }
    }

    func fanout(_ request: RequestView, merge: FanoutMerge, script: ScriptCommand? = nil) -> RouteDecision {
        switch FanoutPlan.make(request, merge: merge, shardCount: shards.shardCount, script: script) {
        case .success(let plan): return .fanout(plan)
        case .failure(let error): return .error(error.text)
        }
    }

    /// BLPOP and the other blocking commands: their keys' shard, on a dedicated connection.
    func blocking(_ spec: CommandSpec, _ request: RequestView) -> RouteDecision {
        switch keysShard(spec, request) {
        case .failure(let error): return .error(error.text)
        case .success(let shard): return .blocking(shard: shard ?? 0)
        }
    }

    /// PUBLISH and SPUBLISH go where their channel hashes; the rest is the session's.
    func pubsub(_ command: PubSubCommand, _ spec: CommandSpec, _ request: RequestView) -> RouteDecision {
        switch command {
        case .publish, .spublish:
            guard let shard = shards.shard(for: request.arg(1)) else { return .error(ErrorText.noShard) }
            return .forward(shard: shard)
        default:
            return .subscription(command)
        }
    }

    func script(_ command: ScriptCommand, _ spec: CommandSpec, _ request: RequestView) -> RouteDecision {
        switch command {
        case .eval, .evalsha:
            switch keysShard(spec, request) {
            case .failure(let error): return .error(error.text)
            // No keys at all (numkeys 0): always the pool's first shard.
            case .success(let shard): return .script(command, shard: shard ?? 0)
            }
        case .load:
            return fanout(request, merge: .allEqual, script: .load)
        case .flush:
            return fanout(request, merge: .allOK, script: .flush)
        }
    }

    /// INFO: drover's own sections, plus the shards' keyspace summed when asked for.
    func info(_ spec: CommandSpec, _ request: RequestView) -> RouteDecision {
        if let plan = FanoutPlan.infoKeyspace(request, shardCount: shards.shardCount) { return .fanout(plan) }
        return .local(.info, spec)
    }

    /// Whether XREAD/XREADGROUP has a BLOCK option (before STREAMS, where keys begin).
    static func hasBlockOption(_ request: RequestView) -> Bool {
        for i in 1..<request.count {
            let word = request.arg(i)
            if equalsIgnoringCase(word, "STREAMS") { return false }
            if equalsIgnoringCase(word, "BLOCK") { return true }
        }
        return false
    }
}
