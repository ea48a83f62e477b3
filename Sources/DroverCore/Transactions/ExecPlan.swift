import RESP

/// How a queued transaction runs at EXEC: one block of `MULTI`, commands, `EXEC` per shard
/// it touches, and how the blocks' EXEC replies become the client's one array.
///
/// ```
///   MULTI  SET a 1  MSET b 2 c 3  GET a  EXEC        a -> shard 0, b -> shard 1, c -> shard 0
///   block 0 (shard 0): MULTI  SET a 1  MSET c 3  GET a  EXEC   -> [OK, OK, "1"]
///   block 1 (shard 1): MULTI  MSET b 2  EXEC                   -> [OK]
///   client gets:  [ OK (0,0),  merge of (0,1) and (1,0),  "1" (0,2) ]
/// ```
/// With one block (every key on one shard, the usual case) its EXEC reply is the client's
/// reply byte for byte. Several blocks only happen with `cross_shard_transactions: split`,
/// and are not atomic across shards.
public struct ExecPlan: Sendable {
    /// One shard's part of the transaction.
    public struct Block: Sendable {
        public let shard: Int
        /// `MULTI`, the commands, `EXEC`, encoded back to back.
        public let requests: [UInt8]
        /// Where each request in ``requests`` ends (commands + 2 of them): one reply each.
        public let ends: [Int]
        /// Requests in ``requests``: the replies to expect.
        public var requestCount: Int { ends.count }
        /// Whether it runs on the connection WATCH pinned.
        public let pinned: Bool
        /// The SHA1 arguments of the block's EVALSHAs, so known scripts can be loaded first.
        public let scriptSHAs: [[UInt8]]
    }

    /// Where one queued command's result is found among the blocks' EXEC arrays.
    enum Placement: Sendable {
        case element(block: Int, index: Int)
        case split(SplitPlan, [(block: Int, index: Int)])
    }

    public let blocks: [Block]
    /// One per queued command; unused with a single block.
    let placements: [Placement]

    /// Places `commands` on shards.
    /// - Returns: the plan, or the EXECABORT error when the keys span shards and that is
    ///   not allowed.
    static func make(_ commands: [TransactionState.Queued], router: Router, watchedShard: Int?,
                     splitAcrossShards: Bool) -> Result<ExecPlan, TransactionFailure> {
        // Each command's requests per shard, and where its result will be.
        enum Part { case keyed(shard: Int), keyless, split(SplitPlan), evalsha(shard: Int) }
        var parts: [Part] = []
        var shardOrder: [Int] = []
        for command in commands {
            let part: Part? = command.bytes.withUnsafeBytes { bytes in
                switch router.route(RequestView(bytes: bytes, args: command.args)) {
                case .forward(let shard), .blocking(let shard), .script(.eval, let shard): return .keyed(shard: shard)
                case .script(_, let shard): return .evalsha(shard: shard)
                case .split(let plan): return .split(plan)
                case .local, .fanout, .transaction: return .keyless
                case .error, .subscription: return nil
                }
            }
            guard let part else { return .failure(TransactionFailure(ErrorText.noShard)) }
            parts.append(part)
            switch part {
            case .keyed(let shard), .evalsha(let shard):
                if !shardOrder.contains(shard) { shardOrder.append(shard) }
            case .split(let plan):
                for fragment in plan.fragments where !shardOrder.contains(fragment.shard) { shardOrder.append(fragment.shard) }
            case .keyless:
                break
            }
        }
        if let watchedShard {
            if shardOrder.contains(where: { $0 != watchedShard }) {
                return .failure(TransactionFailure(TransactionText.watchedCrossShard))
            }
            shardOrder = [watchedShard]
        }
        if shardOrder.count > 1 && !splitAcrossShards {
            return .failure(TransactionFailure(TransactionText.crossShard(shardOrder.count)))
        }
        if shardOrder.isEmpty { shardOrder = [0] }

        // Fill one block per shard, in order of first use; keyless commands go to the first.
        let builders = shardOrder.map { _ in BlockBuilder() }
        func builder(_ shard: Int) -> Int { shardOrder.firstIndex(of: shard)! }
        var placements: [Placement] = []
        for (part, command) in zip(parts, commands) {
            switch part {
            case .keyed(let shard), .evalsha(let shard):
                let b = builder(shard)
                let sha: [UInt8]? = if case .evalsha = part { command.bytes.withUnsafeBytes {
                    Array(RequestView(bytes: $0, args: command.args).arg(1)) } } else { nil }
                placements.append(.element(block: b, index: builders[b].add(command.bytes, sha: sha)))
            case .keyless:
                placements.append(.element(block: 0, index: builders[0].add(command.bytes, sha: nil)))
            case .split(let plan):
                let positions = plan.fragments.indices.map { f -> (block: Int, index: Int) in
                    let b = builder(plan.fragments[f].shard)
                    return (b, builders[b].add(Array(plan.request(of: f)), sha: nil))
                }
                placements.append(.split(plan, positions))
            }
        }
        let blocks = shardOrder.enumerated().map { b, shard in
            builders[b].finish(shard: shard, pinned: shard == watchedShard)
        }
        return .success(ExecPlan(blocks: blocks, placements: placements))
    }

    /// Builds the client's reply from each block's EXEC reply (same order as ``blocks``).
    /// A block whose EXEC did not return an array (EXECABORT, a WATCH that failed, a
    /// connection error) gives the client that reply; with several blocks the first such.
    public func merged(_ execReplies: FragmentReplies, into out: ByteBuffer) {
        precondition(execReplies.count == blocks.count)
        if blocks.count == 1 {
            out.append(execReplies[0])
            return
        }
        var elements: [[ArgRange]] = []
        for b in 0..<blocks.count {
            var ranges: [ArgRange] = []
            guard ReplyReader.arrayElements(execReplies[b], into: &ranges) else {
                out.append(execReplies[b])
                return
            }
            elements.append(ranges)
        }
        func element(_ block: Int, _ index: Int) -> UnsafeRawBufferPointer {
            let range = elements[block][index]
            return UnsafeRawBufferPointer(rebasing: execReplies[block][range.offset..<(range.offset + range.count)])
        }
        out.appendArrayHeader(placements.count)
        for placement in placements {
            switch placement {
            case let .element(block, index):
                out.append(element(block, index))
            case let .split(plan, positions):
                let parts = FragmentReplies(count: positions.count)
                for (f, position) in positions.enumerated() { parts.set(f, element(position.block, position.index)) }
                plan.merged(parts, into: out)
            }
        }
    }
}

/// An EXEC that cannot run; `text` is the error to answer, without the '-'.
public struct TransactionFailure: Error, Sendable {
    public let text: String
    init(_ text: String) { self.text = text }
}

/// Accumulates one block's requests.
private final class BlockBuilder {
    private let out = ByteBuffer(capacity: 256)
    private var ends: [Int] = []
    private var shas: [[UInt8]] = []

    init() {
        out.append(RESP.command(["MULTI"]))
        ends.append(out.readableCount)
    }

    /// Appends a request; returns its index in EXEC's array.
    func add(_ request: [UInt8], sha: [UInt8]?) -> Int {
        out.append(request)
        ends.append(out.readableCount)
        if let sha { shas.append(sha) }
        return ends.count - 2
    }

    func finish(shard: Int, pinned: Bool) -> ExecPlan.Block {
        out.append(RESP.command(["EXEC"]))
        ends.append(out.readableCount)
        return ExecPlan.Block(shard: shard, requests: out.readableBytes, ends: ends, pinned: pinned, scriptSHAs: shas)
    }
}
