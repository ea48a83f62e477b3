/// What to do with one request.
public enum RouteDecision {
    /// Send the request's bytes unchanged to this shard.
    case forward(shard: Int)
    /// Send one fragment per shard and merge the replies.
    case split(SplitPlan)
    /// drover answers it itself.
    case local(LocalCommand, CommandSpec)
    /// Reply with this error (text after '-'); the connection stays open.
    case error(String)
    /// Send to every shard the plan names and merge the replies.
    indirect case fanout(FanoutPlan)
    /// MULTI, EXEC, DISCARD, WATCH, UNWATCH: the session's transaction state decides.
    case transaction(TransactionCommand, CommandSpec)
    /// A blocking command: to this shard, on a dedicated connection for the call.
    case blocking(shard: Int)
    /// SUBSCRIBE and its kin: the session's pub/sub state decides.
    case subscription(PubSubCommand)
    /// EVAL or EVALSHA for this shard (drover keeps script bodies).
    case script(ScriptCommand, shard: Int)
}

/// Decides, from the command table alone, where a request goes. Pure: no sockets,
/// no clock, no client state (authentication and MULTI state are the session's).
public struct Router: Sendable {
    public let shards: ShardMap

    public init(shards: ShardMap) { self.shards = shards }

    /// Looks the command up, checks its arity and picks its route.
    public func route(_ request: RequestView) -> RouteDecision {
        guard let spec = resolve(request) else { return .error(unknownText(request)) }
        guard spec.acceptsArgumentCount(request.count) else {
            if spec.route == .refused { return .error(ErrorText.refused(display(spec))) }
            return .error(ErrorText.wrongArity(spec.name.replacingPipe()))
        }
        switch spec.route {
        case .single:
            guard let keyIndex = firstKey(of: spec, in: request) else { return .error(ErrorText.badKeys(display(spec))) }
            guard let shard = shards.shard(for: request.arg(keyIndex)) else { return .error(ErrorText.noShard) }
            return .forward(shard: shard)
        case .split(let merge):
            switch SplitPlan.make(request, step: max(1, spec.keyStep), merge: merge, shardOf: shards.shard(for:)) {
            case .singleShard(let shard): return .forward(shard: shard)
            case .split(let plan): return .split(plan)
            case .noShard: return .error(ErrorText.noShard)
            }
        case .sameShard:
            return sameShard(spec, request)
        case .local(.info):
            return info(spec, request)
        case .local(let command):
            return .local(command, spec)
        case .refused:
            return .error(ErrorText.refused(display(spec)))
        case .fanout(let merge):
            return fanout(request, merge: merge)
        case .transaction(let command):
            return .transaction(command, spec)
        case .dedicated:
            return blocking(spec, request)
        case .pubsub(let command):
            return pubsub(command, spec, request)
        case .script(let command):
            return script(command, spec, request)
        }
    }

    /// The table entry for the request: the subcommand's for a container command
    /// (CLIENT SETNAME), else the command's; nil if unknown.
    public func resolve(_ request: RequestView) -> CommandSpec? {
        guard let spec = CommandTable.lookup(request.arg(0)) else { return nil }
        guard spec.hasSubcommands, request.count >= 2, spec.route != .refused else { return spec }
        // An unknown subcommand takes the container's own route (an error, or refused).
        return CommandTable.lookup(subcommand: request.arg(1), of: spec) ?? spec
    }

    private func unknownText(_ request: RequestView) -> String {
        ErrorText.unknownCommand(request.string(0), args: (1..<request.count).map(request.string))
    }

    private func sameShard(_ spec: CommandSpec, _ request: RequestView) -> RouteDecision {
        switch keysShard(spec, request) {
        case .failure(let error): return .error(error.text)
        case .success(let shard):
            // XREAD/XREADGROUP block only with a BLOCK option.
            if spec.flags.contains(.blocking), let shard, Self.hasBlockOption(request) { return .blocking(shard: shard) }
            // No keys at all (EVAL with numkeys 0): always the pool's first shard.
            return .forward(shard: shard ?? 0)
        }
    }

    /// The one shard holding every key of the request; nil when it has no keys.
    public func keysShard(_ spec: CommandSpec, _ request: RequestView) -> Result<Int?, KeysError> {
        var shard: Int? = nil
        var spread = false
        var missing = false
        let wellFormed = spec.forEachKey(argc: request.count, arg: request.arg) { index in
            guard let s = shards.shard(for: request.arg(index)) else { missing = true; return }
            if let known = shard, known != s { spread = true }
            shard = shard ?? s
        }
        guard wellFormed else { return .failure(.badKeys(display(spec))) }
        if missing { return .failure(.noShard) }
        if spread { return .failure(.crossShard(display(spec))) }
        return .success(shard)
    }

    @inline(__always)
    private func firstKey(of spec: CommandSpec, in request: RequestView) -> Int? {
        let first = spec.firstKey
        if first > 0 && first < request.count { return first }
        var found: Int? = nil
        _ = spec.forEachKey(argc: request.count, arg: request.arg) { index in
            if found == nil { found = index }
        }
        return found
    }

    func display(_ spec: CommandSpec) -> String { spec.name.replacingPipe().uppercased() }
}

extension String {
    /// "CLIENT|SETNAME" as a user types it.
    func replacingPipe() -> String { split(separator: "|").joined(separator: " ") }
}
