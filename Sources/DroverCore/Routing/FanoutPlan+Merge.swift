import RESP

extension FanoutPlan {
    /// Builds the client's reply from every shard's complete reply (in ``shards`` order).
    ///
    /// An error from any shard is the reply (the first one), except for `oneSucceeded`,
    /// where one shard's OK is enough.
    /// - Parameters:
    ///   - local: drover's own INFO reply, for ``Merge/infoKeyspace(withLocal:)``.
    ///   - rotation: where ``Merge/firstNonNil`` starts looking, so RANDOMKEY does not
    ///     always favour the first shard.
    public func merged(_ replies: FragmentReplies, local: UnsafeRawBufferPointer? = nil, rotation: Int = 0,
                       into out: ByteBuffer) {
        precondition(replies.count == shards.count)
        if merge == .oneSucceeded {
            for i in 0..<replies.count where ReplyReader.isOK(replies[i]) {
                out.appendSimpleString("OK")
                return
            }
        }
        if let error = replies.firstError() {
            out.append(error)
            return
        }
        switch merge {
        case .anyShard:
            out.append(replies[0])
        case .allOK, .oneSucceeded:
            for i in 0..<replies.count where !ReplyReader.isOK(replies[i]) {
                out.append(replies[i])
                return
            }
            out.appendSimpleString("OK")
        case .allEqual:
            let first = replies[0]
            for i in 1..<replies.count where !replies[i].elementsEqual(first) {
                out.appendError(ErrorText.shardsDisagree)
                return
            }
            out.append(first)
        case .sumIntegers, .minInteger:
            var result = 0
            for i in 0..<replies.count {
                guard let value = ReplyReader.integer(replies[i]) else {
                    out.appendError(ErrorText.unexpectedShardReply)
                    return
                }
                result = i == 0 ? value : merge == .minInteger ? min(result, value) : result &+ value
            }
            out.appendInteger(result)
        case .concatArrays:
            concatenate(replies, into: out)
        case .logicalAnd:
            logicalAnd(replies, into: out)
        case .firstNonNil:
            let n = replies.count
            for k in 0..<n {
                let reply = replies[(rotation % n + n + k) % n]
                if !ReplyReader.isNull(reply) {
                    out.append(reply)
                    return
                }
            }
            out.append(replies[0])
        case let .scan(shard, shardCount):
            scan(replies[0], shard: shard, shardCount: shardCount, into: out)
        case let .infoKeyspace(withLocal):
            InfoKeyspace.merge(replies, local: withLocal ? local : nil, into: out)
        }
    }

    /// KEYS, PUBSUB CHANNELS: one array of every shard's elements. Elements follow their
    /// array's header back to back, so each shard's body is copied whole.
    private func concatenate(_ replies: FragmentReplies, into out: ByteBuffer) {
        var total = 0
        var type = UInt8(ascii: "*")
        for i in 0..<replies.count {
            guard let header = ReplyReader.aggregateHeader(replies[i]) else {
                out.appendError(ErrorText.unexpectedShardReply)
                return
            }
            total += header.count
            if i == 0 { type = header.type }
        }
        out.append(byte: type)
        out.append(decimal: total)
        out.appendCRLF()
        for i in 0..<replies.count {
            let reply = replies[i]
            let header = ReplyReader.aggregateHeader(reply)!
            out.append(UnsafeRawBufferPointer(rebasing: reply[header.headerLength...]))
        }
    }

    /// SCRIPT EXISTS: 1 where every shard answered 1.
    private func logicalAnd(_ replies: FragmentReplies, into out: ByteBuffer) {
        var result: [Bool] = []
        for i in 0..<replies.count {
            let reply = replies[i]
            var ranges: [ArgRange] = []
            guard ReplyReader.arrayElements(reply, into: &ranges), i == 0 || ranges.count == result.count else {
                out.appendError(ErrorText.unexpectedShardReply)
                return
            }
            if i == 0 { result = Array(repeating: true, count: ranges.count) }
            for (j, range) in ranges.enumerated() {
                let element = UnsafeRawBufferPointer(rebasing: reply[range.offset..<(range.offset + range.count)])
                guard let value = ReplyReader.integer(element) else {
                    out.appendError(ErrorText.unexpectedShardReply)
                    return
                }
                result[j] = result[j] && value != 0
            }
        }
        out.appendArrayHeader(result.count)
        for exists in result { out.appendInteger(exists ? 1 : 0) }
    }

    /// SCAN: `[cursor, [keys...]]` with the shard's cursor replaced by drover's.
    private func scan(_ reply: UnsafeRawBufferPointer, shard: Int, shardCount: Int, into out: ByteBuffer) {
        var ranges: [ArgRange] = []
        guard ReplyReader.arrayElements(reply, into: &ranges), ranges.count == 2 else {
            out.appendError(ErrorText.unexpectedShardReply)
            return
        }
        let cursorReply = UnsafeRawBufferPointer(rebasing: reply[ranges[0].offset..<(ranges[0].offset + ranges[0].count)])
        guard let text = ReplyReader.text(cursorReply), let cursor = UInt64(String(decoding: text, as: UTF8.self)),
              let next = ScanCursor.next(shard: shard, backendCursor: cursor, shardCount: shardCount) else {
            out.appendError(ErrorText.unexpectedShardReply)
            return
        }
        out.append(UnsafeRawBufferPointer(rebasing: reply[..<ranges[0].offset]))
        out.appendBulk(String(next))
        out.append(UnsafeRawBufferPointer(rebasing: reply[ranges[1].offset...]))
    }
}
