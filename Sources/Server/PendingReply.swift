import Backend
import DroverCore
import RESP

/// What a client's reply slot waits for beyond one forwarded reply: several fragments to
/// merge, a transaction's EXEC, a script that may need loading first, a blocking call.
///
/// The base class collects fragment replies into a ``FragmentReplies``; subclasses say
/// how the client's reply is made from them and what else happens on the way.
class PendingReply {
    /// Replies still to come.
    var remaining: Int
    let replies: FragmentReplies
    /// Bytes of the replies received so far, counted in the client's `heldBytes` until
    /// the slot's reply is made (ClientConnection+Limits.swift).
    var heldBytes = 0

    init(fragments: Int) {
        remaining = fragments
        replies = FragmentReplies(count: fragments)
    }

    /// A backend's reply (or drover's error in its place) for `fragment` of slot `seq`.
    /// - Returns: true once every awaited reply is in.
    func received(_ reply: UnsafeRawBufferPointer, fragment: Int, client: ClientConnection, seq: Int) -> Bool {
        replies.set(fragment, reply)
        remaining -= 1
        return remaining == 0
    }

    /// Writes the client's reply.
    func finish(client: ClientConnection, seq: Int, into out: ByteBuffer) {
        out.append(replies[0])
    }
}

/// MGET, MSET, DEL, ...: one fragment per shard, merged in key order.
final class SplitReplies: PendingReply {
    let plan: SplitPlan

    init(_ plan: SplitPlan) {
        self.plan = plan
        super.init(fragments: plan.fragments.count)
    }

    override func finish(client: ClientConnection, seq: Int, into out: ByteBuffer) {
        plan.merged(replies, into: out)
    }
}

/// KEYS, SCAN, DBSIZE, WAIT, INFO's keyspace, ...: the shards' replies merged.
final class FanoutReplies: PendingReply {
    let plan: FanoutPlan
    /// drover's own INFO reply, for INFO's keyspace merge.
    let local: [UInt8]?

    init(_ plan: FanoutPlan, local: [UInt8]?) {
        self.plan = plan
        self.local = local
        super.init(fragments: plan.shards.count)
    }

    override func received(_ reply: UnsafeRawBufferPointer, fragment: Int, client: ClientConnection, seq: Int) -> Bool {
        if plan.dedicated { client.blockingCallEnded(shard: plan.shards[fragment]) }
        return super.received(reply, fragment: fragment, client: client, seq: seq)
    }

    override func finish(client: ClientConnection, seq: Int, into out: ByteBuffer) {
        if let local {
            local.withUnsafeBytes { plan.merged(replies, local: $0, rotation: seq, into: out) }
        } else {
            plan.merged(replies, rotation: seq, into: out)
        }
    }
}

/// A transaction's blocks: only each block's EXEC reply matters (the replies to MULTI
/// and to the queued commands are `+OK`/`+QUEUED`, or errors EXEC then reports).
final class ExecReplies: PendingReply {
    let plan: ExecPlan
    /// Per block, the fragment number of its EXEC reply.
    private let execFragments: [Int]

    init(_ plan: ExecPlan) {
        self.plan = plan
        var last: [Int] = []
        var total = 0
        for block in plan.blocks {
            total += block.requestCount
            last.append(total - 1)
        }
        execFragments = last
        super.init(fragments: plan.blocks.count)
        remaining = total
    }

    override func received(_ reply: UnsafeRawBufferPointer, fragment: Int, client: ClientConnection, seq: Int) -> Bool {
        if let block = execFragments.firstIndex(of: fragment) { replies.set(block, reply) }
        remaining -= 1
        return remaining == 0
    }

    override func finish(client: ClientConnection, seq: Int, into out: ByteBuffer) {
        plan.merged(replies, into: out)
    }
}

/// An EVALSHA whose script drover knows: a NOSCRIPT from the shard is answered by loading
/// the script there and sending the EVALSHA again, once; the client sees only the result.
final class ScriptCall: PendingReply {
    let shard: Int
    let request: [UInt8]
    let body: [UInt8]
    private var retried = false

    init(shard: Int, request: [UInt8], body: [UInt8]) {
        self.shard = shard
        self.request = request
        self.body = body
        super.init(fragments: 1)
    }

    override func received(_ reply: UnsafeRawBufferPointer, fragment: Int, client: ClientConnection, seq: Int) -> Bool {
        if !retried && ScriptBook.isNoScript(reply) {
            retried = true
            if client.loadScriptAndRetry(self, seq: seq) { return false }
        }
        return super.received(reply, fragment: fragment, client: client, seq: seq)
    }
}

/// A blocking command on a dedicated connection: once it answers, the connection can go
/// back to the pool.
final class BlockingCall: PendingReply {
    let shard: Int

    init(shard: Int) {
        self.shard = shard
        super.init(fragments: 1)
    }

    override func received(_ reply: UnsafeRawBufferPointer, fragment: Int, client: ClientConnection, seq: Int) -> Bool {
        client.blockingCallEnded(shard: shard)
        return super.received(reply, fragment: fragment, client: client, seq: seq)
    }
}

/// SUBSCRIBE and kin: the client's confirmations, written once every shard involved has
/// confirmed (so a message published after the client saw its confirmation is never
/// missed).
final class SubscribeWait: PendingReply {
    let reply: [UInt8]

    init(reply: [UInt8], confirmations: Int) {
        self.reply = reply
        super.init(fragments: 1)
        remaining = confirmations
    }

    /// A shard confirmed one subscription. Returns true when all have.
    func confirmed() -> Bool {
        remaining -= 1
        return remaining == 0
    }

    override func received(_ reply: UnsafeRawBufferPointer, fragment: Int, client: ClientConnection, seq: Int) -> Bool {
        // Only failures arrive here (confirmations come through `confirmed()`): answer with them.
        replies.set(0, reply)
        remaining = 0
        return true
    }

    override func finish(client: ClientConnection, seq: Int, into out: ByteBuffer) {
        if replies[0].count > 0 { out.append(replies[0]) } else { out.append(reply) }
    }
}
