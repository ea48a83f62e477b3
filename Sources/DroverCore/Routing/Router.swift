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
        case .local(let command):
            return .local(command, spec)
        case .refused:
            return .error(ErrorText.refused(display(spec)))
        case .fanout, .transaction, .dedicated:
            return .error(ErrorText.notYetSupported(display(spec)))
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
        var shard: Int? = nil
        var spread = false
        var missing = false
        let wellFormed = spec.forEachKey(argc: request.count, arg: request.arg) { index in
            guard let s = shards.shard(for: request.arg(index)) else { missing = true; return }
            if let known = shard, known != s { spread = true }
            shard = shard ?? s
        }
        guard wellFormed else { return .error(ErrorText.badKeys(display(spec))) }
        if missing { return .error(ErrorText.noShard) }
        if spread { return .error(ErrorText.crossShard(display(spec))) }
        // No keys at all (EVAL with numkeys 0): always the pool's first shard.
        return .forward(shard: shard ?? 0)
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

    private func display(_ spec: CommandSpec) -> String { spec.name.replacingPipe().uppercased() }
}

extension String {
    /// "CLIENT|SETNAME" as a user types it.
    func replacingPipe() -> String { split(separator: "|").joined(separator: " ") }
}
