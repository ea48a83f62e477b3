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
        case .transaction(.multi):
            return "starts a transaction drover queues and runs on one shard"
        case .transaction(.exec):
            return "runs the queued transaction on its keys' shard (MULTI ... EXEC sent together)"
        case .transaction(.discard):
            return "drops the queued transaction"
        case .transaction(.watch):
            return "pins a dedicated connection on the keys' shard, which must be one shard"
        case .transaction(.unwatch):
            return "on the pinned connection, which is then released"
        case .dedicated:
            return "to the shard of its keys (one shard), on a dedicated connection while it blocks"
        case .pubsub(.subscribe), .pubsub(.ssubscribe):
            return "each channel on its shard, over the client's own subscriber connections"
        case .pubsub(.psubscribe):
            return "on every shard, over the client's own subscriber connections"
        case .pubsub(.unsubscribe), .pubsub(.punsubscribe), .pubsub(.sunsubscribe):
            return "on the subscriber connections; confirmations counted by drover"
        case .pubsub(.publish), .pubsub(.spublish):
            return "to the shard its channel hashes to"
        case .script(.eval):
            return "to the shard of its keys (one shard; no keys: the first shard); the body is kept"
        case .script(.evalsha):
            return "to the shard of its keys (one shard; no keys: the first shard); loads a kept body on NOSCRIPT"
        case .script(.load):
            return "to every shard; their common reply (the SHA1); the body is kept"
        case .script(.flush):
            return "to every shard; OK once every shard said OK; kept bodies forgotten"
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
        case .minInteger: return "to every shard on a dedicated connection; the smallest integer"
        case .anyShard: return "to any one shard"
        }
    }
}
