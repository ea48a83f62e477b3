extension Route: CustomStringConvertible {
    /// The route in words, for COMMANDS.md, `COMMAND DOCS` and `<container> HELP`.
    public var description: String {
        switch self {
        case .single:
            return "to its key's shard"
        case .split(.array):
            return "split by shard; replies merged into one array in key order"
        case .split(.sumIntegers):
            return "split by shard; the integer replies added up"
        case .split(.allOK):
            return "split by shard; OK once every shard said OK"
        case .sameShard:
            return "to the shard of its keys, which must all be on one shard (use a hash tag)"
        case let .fanout(merge):
            return merge.description
        case .local(.unknownSubcommand):
            return "by subcommand"
        case .local:
            return "answered by drover"
        case .transaction:
            return "queued by drover, run on one shard"
        case .dedicated:
            return "on a dedicated backend connection"
        case .refused:
            return "refused: not supported through the proxy"
        }
    }
}

extension FanoutMerge: CustomStringConvertible {
    /// The merge in words.
    public var description: String {
        switch self {
        case .concatArrays: return "to every shard; the arrays concatenated"
        case .sumIntegers: return "to every shard; the integers added up"
        case .allOK: return "to every shard; OK once every shard said OK"
        case .allEqual: return "to every shard; their common reply"
        case .logicalAnd: return "to every shard; 1 where every shard answered 1"
        case .oneSucceeded: return "to every shard; OK if any shard succeeded"
        case .scan: return "to every shard in turn; the cursor names the shard"
        case .firstNonNil: return "to every shard; the first non-nil reply"
        case .anyShard: return "to any one shard"
        }
    }
}
