import RESP

/// The replies to one client request's fragments (per-shard requests), kept back to back in
/// one buffer until every fragment has answered: one allocation per request rather than
/// one array per fragment.
public final class FragmentReplies {
    private let store: ByteBuffer
    /// Per fragment, where its reply lies in `store`; count -1 until it arrives.
    private var ranges: [ArgRange]

    /// Room for `count` replies.
    public init(count: Int, capacity: Int = 512) {
        store = ByteBuffer(capacity: capacity)
        ranges = Array(repeating: ArgRange(offset: 0, count: -1), count: count)
    }

    /// Replies given as arrays (tests, cold paths).
    public convenience init(_ replies: [[UInt8]]) {
        self.init(count: replies.count)
        for (i, reply) in replies.enumerated() { reply.withUnsafeBytes { set(i, $0) } }
    }

    /// Number of fragments.
    public var count: Int { ranges.count }

    /// Stores fragment `fragment`'s complete reply.
    public func set(_ fragment: Int, _ reply: UnsafeRawBufferPointer) {
        ranges[fragment] = ArgRange(offset: store.writeIndex, count: reply.count)
        store.append(reply)
    }

    /// Stores an error reply (`-<message>\r\n`) for fragment `fragment`.
    public func setError(_ fragment: Int, _ message: String) {
        let start = store.writeIndex
        store.appendError(message)
        ranges[fragment] = ArgRange(offset: start, count: store.writeIndex - start)
    }

    /// Fragment `fragment`'s reply (empty if it has not arrived). Valid until the next `set`.
    public subscript(fragment: Int) -> UnsafeRawBufferPointer {
        let range = ranges[fragment]
        guard range.count >= 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: store.base + range.offset, count: range.count)
    }

    /// The first error reply among the fragments, in fragment order.
    public func firstError() -> UnsafeRawBufferPointer? {
        for i in 0..<ranges.count where ReplyReader.isError(self[i]) { return self[i] }
        return nil
    }
}
