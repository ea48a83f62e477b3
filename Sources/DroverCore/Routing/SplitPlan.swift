import RESP

/// How a multi-key command (MGET, MSET, DEL, ...) is cut into one request per shard and
/// how the shards' replies are put back together in the client's key order.
///
/// ```
///   MGET a b c d          a,c -> shard 0     b -> shard 2     d -> shard 1
///   fragments:  #0 MGET a c (shard 0)   #1 MGET b (shard 2)   #2 MGET d (shard 1)
///   placement:  a=(#0,0) b=(#1,0) c=(#0,1) d=(#2,0)
///   reply:      *4  elem(#0,0) elem(#1,0) elem(#0,1) elem(#2,0)
/// ```
public struct SplitPlan: Sendable {
    /// One per-shard request.
    public struct Fragment: Sendable {
        public let shard: Int
        /// The encoded request for that shard.
        public let request: [UInt8]
    }

    public let merge: SplitMerge
    public let fragments: [Fragment]
    /// For each key group of the original request, in order: (fragment, position in it).
    private let placement: [(fragment: Int32, index: Int32)]
    /// Key groups per fragment: the element count each fragment's array reply must have.
    private let fragmentSizes: [Int]

    /// Splits `request`, whose keys start at argument 1 and come every `step` arguments
    /// (MSET: key value pairs), by `shardOf`.
    /// - Returns: nil when every key is on one shard (forward the request unchanged) —
    ///   then `singleShard` holds it.
    public static func make(_ request: RequestView, step: Int, merge: SplitMerge,
                            shardOf: (UnsafeRawBufferPointer) -> Int?) -> Outcome {
        let groups = (request.count - 1) / step
        var shards = [Int](repeating: 0, count: groups)
        var first = -1
        var spread = false
        for g in 0..<groups {
            guard let shard = shardOf(request.arg(1 + g * step)) else { return .noShard }
            shards[g] = shard
            if first < 0 { first = shard } else if shard != first { spread = true }
        }
        if !spread { return .singleShard(first) }

        var fragmentOfShard: [Int: Int] = [:]
        var members: [[Int]] = []
        var fragmentShards: [Int] = []
        var placement: [(fragment: Int32, index: Int32)] = []
        placement.reserveCapacity(groups)
        for g in 0..<groups {
            let shard = shards[g]
            let f: Int
            if let known = fragmentOfShard[shard] {
                f = known
            } else {
                f = members.count
                fragmentOfShard[shard] = f
                members.append([])
                fragmentShards.append(shard)
            }
            placement.append((Int32(f), Int32(members[f].count)))
            members[f].append(g)
        }
        let name = request.arg(0)
        let fragments = members.indices.map { f -> Fragment in
            let out = ByteBuffer(capacity: 256)
            out.appendArrayHeader(1 + members[f].count * step)
            out.appendBulk(name)
            for g in members[f] {
                for a in 0..<step { out.appendBulk(request.arg(1 + g * step + a)) }
            }
            return Fragment(shard: fragmentShards[f], request: out.readableBytes)
        }
        return .split(SplitPlan(merge: merge, fragments: fragments, placement: placement,
                                fragmentSizes: members.map(\.count)))
    }

    /// What ``make(_:step:merge:shardOf:)`` decided.
    public enum Outcome: Sendable {
        case singleShard(Int)
        case split(SplitPlan)
        /// Some key has no shard (an empty ring).
        case noShard
    }

    /// Builds the client's reply from every fragment's complete reply (same order as
    /// `fragments`). The first error reply among them is returned as it is.
    public func merged(_ replies: [[UInt8]], into out: ByteBuffer) {
        merged(FragmentReplies(replies), into: out)
    }

    /// Builds the client's reply from every fragment's complete reply (same order as
    /// `fragments`). The first error reply among them is returned as it is.
    public func merged(_ replies: FragmentReplies, into out: ByteBuffer) {
        precondition(replies.count == fragments.count)
        if let error = replies.firstError() {
            out.append(error)
            return
        }
        switch merge {
        case .allOK:
            for f in 0..<replies.count where !ReplyReader.isOK(replies[f]) {
                out.append(replies[f])
                return
            }
            out.appendSimpleString("OK")
        case .sumIntegers:
            var total = 0
            for f in 0..<replies.count {
                guard let value = ReplyReader.integer(replies[f]) else {
                    out.appendError(ErrorText.unexpectedShardReply)
                    return
                }
                total &+= value
            }
            out.appendInteger(total)
        case .array:
            var elements: [[ArgRange]] = []
            elements.reserveCapacity(replies.count)
            for f in 0..<replies.count {
                var ranges: [ArgRange] = []
                let ok = ReplyReader.arrayElements(replies[f], into: &ranges)
                guard ok, ranges.count == fragmentSizes[f] else {
                    out.appendError(ErrorText.unexpectedShardReply)
                    return
                }
                elements.append(ranges)
            }
            out.appendArrayHeader(placement.count)
            for (fragment, index) in placement {
                let range = elements[Int(fragment)][Int(index)]
                let reply = replies[Int(fragment)]
                out.append(UnsafeRawBufferPointer(rebasing: reply[range.offset..<(range.offset + range.count)]))
            }
        }
    }
}
