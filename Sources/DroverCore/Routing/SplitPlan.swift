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
        /// Where its encoded request lies in ``SplitPlan/requests``.
        public let range: Range<Int>
        /// Key groups it carries: the element count its array reply must have.
        let groups: Int
        /// How many groups the fragments before it carry: where its reply's elements
        /// start among all fragments' elements.
        let firstGroup: Int
    }

    public let merge: SplitMerge
    public let fragments: [Fragment]
    /// Every fragment's encoded request, back to back: one allocation for all of them.
    public let requests: [UInt8]
    /// For each key group of the original request, in order: (fragment, position in it).
    private let placement: [(fragment: Int32, index: Int32)]

    /// Fragment `index`'s encoded request.
    public func request(of index: Int) -> ArraySlice<UInt8> { requests[fragments[index].range] }

    /// Splits `request`, whose keys start at argument 1 and come every `step` arguments
    /// (MSET: key value pairs), by `shardOf`.
    /// - Returns: `singleShard` when every key is on one shard (forward the request
    ///   unchanged).
    public static func make(_ request: RequestView, step: Int, merge: SplitMerge,
                            shardOf: (UnsafeRawBufferPointer) -> Int?) -> Outcome {
        let groups = (request.count - 1) / step
        // Each group's fragment, found by a linear search: pools have few shards, and
        // this allocates nothing beyond the two arrays the plan keeps.
        var placement: [(fragment: Int32, index: Int32)] = []
        placement.reserveCapacity(groups)
        var shards: [(shard: Int, groups: Int)] = []
        for g in 0..<groups {
            guard let shard = shardOf(request.arg(1 + g * step)) else { return .noShard }
            var f = 0
            while f < shards.count && shards[f].shard != shard { f += 1 }
            if f == shards.count { shards.append((shard, 0)) }
            placement.append((Int32(f), Int32(shards[f].groups)))
            shards[f].groups += 1
        }
        if shards.count <= 1 { return .singleShard(shards.first?.shard ?? 0) }

        let name = request.arg(0)
        let out = ByteBuffer(capacity: request.bytes.count + 32 * shards.count)
        var fragments: [Fragment] = []
        fragments.reserveCapacity(shards.count)
        var firstGroup = 0
        for (f, entry) in shards.enumerated() {
            let start = out.readableCount
            out.appendArrayHeader(1 + entry.groups * step)
            out.appendBulk(name)
            for g in 0..<groups where placement[g].fragment == f {
                for a in 0..<step { out.appendBulk(request.arg(1 + g * step + a)) }
            }
            fragments.append(Fragment(shard: entry.shard, range: start..<out.readableCount, groups: entry.groups,
                                      firstGroup: firstGroup))
            firstGroup += entry.groups
        }
        return .split(SplitPlan(merge: merge, fragments: fragments, requests: out.readableBytes, placement: placement))
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
            // Every fragment's elements in one list, in fragment order.
            var elements: [ArgRange] = []
            elements.reserveCapacity(placement.count)
            for f in 0..<replies.count {
                let before = elements.count
                let ok = ReplyReader.arrayElements(replies[f], into: &elements)
                guard ok, elements.count - before == fragments[f].groups else {
                    out.appendError(ErrorText.unexpectedShardReply)
                    return
                }
            }
            out.appendArrayHeader(placement.count)
            for (fragment, index) in placement {
                let f = Int(fragment)
                let start = fragments[f].firstGroup
                let range = elements[start + Int(index)]
                let reply = replies[f]
                out.append(UnsafeRawBufferPointer(rebasing: reply[range.offset..<(range.offset + range.count)]))
            }
        }
    }
}
