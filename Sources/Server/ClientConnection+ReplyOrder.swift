/// Replies leave in request order: a reply that arrives before the replies to older requests
/// (another shard answered first) waits in its slot until they are written.
///
/// A pipelining client over several shards holds a few replies in every batch, so the
/// storage of replies already written is kept and reused for the next early ones: once
/// warm, holding a reply allocates nothing. At most ``maxSpareReplies`` arrays of at most
/// ``maxSpareReplyCapacity`` bytes are kept (16 KiB per client, none for a client that
/// never pipelines across shards).
extension ClientConnection {
    static let maxSpareReplies = 16
    static let maxSpareReplyCapacity = 1024

    /// The reply of slot `seq`: written at once if it is the oldest, else kept in its slot.
    @inline(__always)
    func deliver(seq: Int, reply: UnsafeRawBufferPointer) {
        let index = seq - firstSeq
        if index == 0 {
            output.append(reply)
            inFlightBytes -= slots.removeFirst().requestBytes
            firstSeq += 1
            writeReadySlots()
            poller.queueFlush(self)
        } else {
            // A spare too small would be grown (a copy and a free): allocate exactly instead.
            if let last = spareReplies.indices.last, spareReplies[last].capacity >= reply.count {
                var held = spareReplies.removeLast()
                held.append(contentsOf: reply)
                slots[index].reply = held
            } else {
                slots[index].reply = Array(reply)
            }
            hold(reply.count)
        }
    }

    /// Stores the reply of slot `seq` and writes every reply that is now in order.
    func complete(seq: Int, bytes: [UInt8]) {
        slots[seq - firstSeq].reply = bytes
        heldBytes += bytes.count
        writeReadySlots()
        poller.queueFlush(self)
    }

    /// Writes the replies at the head of the queue that are complete.
    func writeReadySlots() {
        while !slots.isEmpty && slots[0].reply != nil {
            // Taken out of the slot, so this is the array's only reference and it can be
            // emptied for reuse without a copy.
            var reply: [UInt8] = []
            swap(&reply, &slots[0].reply!)
            let first = slots.removeFirst()
            output.append(reply)
            heldBytes -= reply.count
            if spareReplies.count < Self.maxSpareReplies && reply.capacity <= Self.maxSpareReplyCapacity {
                reply.removeAll(keepingCapacity: true)
                spareReplies.append(reply)
            }
            inFlightBytes -= first.requestBytes
            firstSeq += 1
            if first.closeAfter {
                slots.removeAll()
                inputClosed = true
                closeAfterFlush = true
                return
            }
        }
    }
}
