/// The outcome of framing the bytes at the start of a backend's receive buffer.
public enum ReplyFrame: Equatable, Sendable {
    /// Not a whole reply yet; `needed` = total bytes (from the reply's first byte) the buffer
    /// must hold before another call can make progress.
    case incomplete(needed: Int)
    /// One complete reply of `length` bytes.
    case reply(length: Int)
    /// The bytes are no valid RESP2/RESP3 reply: the backend connection is out of step.
    case error(ProtocolError)
}

/// Finds where one reply from a Redis backend ends, for RESP2 and RESP3, so replies can be
/// forwarded as the exact bytes received.
///
/// Aggregates are followed with an explicit stack of remaining element counts (no
/// recursion), so replies nested far deeper than hiredis allows (`COMMAND DOCS`, deep `EVAL`
/// results) frame fine, up to `maxDepth` levels.
///
/// ```
///   *2\r\n  :1\r\n  *1\r\n  $3\r\nfoo\r\n
///   push 2  2->1    1->0 push 1   1->0: pop, parent 1->0: pop, stack empty -> done
/// ```
///
/// Types: simple lines `+ - : _ , # (`; length-prefixed `$ ! =` (`$-1` is null); aggregates
/// `* ~ >` (n elements, `*-1` is null), `%` (2n), and the attribute `|` (2n entries followed by
/// the reply it annotates, which belongs to the same frame). Streamed strings and aggregates
/// (`$?`, `*?`) are refused: Redis never sends them.
public struct ReplyFramer: Sendable {
    /// Most aggregate levels one reply may nest.
    public let maxDepth: Int

    /// Remaining elements of each open aggregate, innermost last.
    @usableFromInline var stack: [Int] = []
    /// Whether a reply is partly framed.
    @usableFromInline var active = false
    /// Start of the next element, or of the pending blob's data.
    @usableFromInline var position = 0
    /// Declared length of the blob whose header has been read, else -1.
    @usableFromInline var pendingBlob = -1
    /// Offset (from `position`) up to which the current line was searched in vain.
    @usableFromInline var scanned = 0

    /// Creates a framer that refuses replies nested deeper than `maxDepth` aggregates.
    public init(maxDepth: Int = 1024) {
        precondition(maxDepth > 0)
        self.maxDepth = maxDepth
    }

    /// Forget any partial reply.
    public mutating func reset() {
        stack.removeAll(keepingCapacity: true)
        active = false
        position = 0
        pendingBlob = -1
        scanned = 0
    }

    /// Finds the end of the one complete reply that starts at `buffer[0]`.
    ///
    /// Incremental like ``RequestFramer/frame(_:into:)``: the caller passes the same reply
    /// start again, with more bytes appended, until the reply is complete.
    ///
    /// - Parameter buffer: Received bytes, starting at the first byte of a reply.
    /// - Returns: The reply's length, a hint of how many bytes are needed, or an error.
    public mutating func frame(_ buffer: UnsafeRawBufferPointer) -> ReplyFrame {
        let end = buffer.count
        if active && end < position { reset() }
        guard let base = buffer.baseAddress, end > 0 else {
            return .incomplete(needed: Swift.max(1, position + 1))
        }
        if !active {
            stack.removeAll(keepingCapacity: true)
            active = true
            position = 0
            pendingBlob = -1
            scanned = 0
        }
        // Work on locals; the stack is moved out (not copied) and put back on every exit.
        var open = stack
        stack = []
        defer { stack = open }
        var pos = position
        var blob = pendingBlob

        while true {
            if blob >= 0 {
                if end - pos < blob + 2 {
                    position = pos
                    pendingBlob = blob
                    return .incomplete(needed: pos + blob + 2)
                }
                if base.load(fromByteOffset: pos + blob, as: UInt8.self) != 13
                    || base.load(fromByteOffset: pos + blob + 1, as: UInt8.self) != 10 {
                    return fail(.missingReplyCRLF)
                }
                pos += blob + 2
                blob = -1
            } else {
                var type: UInt8 = 0
                var value = 0
                var next = 0
                if pos < end {
                    type = base.load(fromByteOffset: pos, as: UInt8.self)
                }
                if type == UInt8(ascii: "$"), let fast = DecimalText.fastHeader(base, at: pos, end: end),
                   base.load(fromByteOffset: fast.afterCR, as: UInt8.self) == 10 {
                    value = fast.value
                    next = fast.afterCR + 1
                } else {
                    guard let cr = findLineEnd(base, lineStart: pos, end: end) else {
                        position = pos
                        return .incomplete(needed: end + 1)
                    }
                    if base.load(fromByteOffset: cr + 1, as: UInt8.self) != 10 { return fail(.missingReplyCRLF) }
                    next = cr + 2
                    switch type {
                    case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "_"),
                         UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: "("):
                        value = -2  // a line element, complete
                    case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="),
                         UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"),
                         UInt8(ascii: "%"), UInt8(ascii: "|"):
                        if cr == pos + 2 && base.load(fromByteOffset: pos + 1, as: UInt8.self) == UInt8(ascii: "?") {
                            return fail(.streamedReply)
                        }
                        guard let n = DecimalText.parse(base, from: pos + 1, to: cr),
                              n >= 0 || (n == -1 && (type == UInt8(ascii: "$") || type == UInt8(ascii: "*"))) else {
                            return fail(.invalidReplyLength)
                        }
                        value = n
                    default:
                        return fail(.unknownReplyType(type))
                    }
                }
                pos = next
                scanned = 0
                switch type {
                case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
                    if value >= 0 {
                        blob = value
                        continue
                    }
                case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
                    var elements = value
                    if type == UInt8(ascii: "%") || type == UInt8(ascii: "|") {
                        let (twice, overflow) = value.multipliedReportingOverflow(by: 2)
                        if overflow { return fail(.invalidReplyLength) }
                        // An attribute's entries are followed by the reply they annotate.
                        elements = type == UInt8(ascii: "|") ? twice + 1 : twice
                    }
                    if elements > 0 {
                        if open.count >= maxDepth { return fail(.replyTooDeep(maxDepth)) }
                        open.append(elements)
                        continue
                    }
                default:
                    break
                }
            }
            // One element is complete: count it off its aggregate, closing finished ones.
            while let last = open.last {
                if last > 1 {
                    open[open.count - 1] = last - 1
                    break
                }
                open.removeLast()
            }
            if open.isEmpty {
                active = false
                position = 0
                pendingBlob = -1
                scanned = 0
                return .reply(length: pos)
            }
        }
    }

    @inline(__always) mutating func fail(_ error: ProtocolError) -> ReplyFrame {
        active = false
        position = 0
        pendingBlob = -1
        scanned = 0
        return .error(error)
    }

    /// Finds the `\r` ending the line at `lineStart`, with one byte after it, resuming after
    /// `scanned`; nil (and `scanned` updated) if it is not there yet.
    @usableFromInline mutating func findLineEnd(_ base: UnsafeRawPointer, lineStart: Int, end: Int) -> Int? {
        var i = lineStart + scanned
        while i < end {
            if base.load(fromByteOffset: i, as: UInt8.self) == 13 {
                if i + 1 < end { return i }
                break
            }
            i += 1
        }
        scanned = i - lineStart
        return nil
    }
}
