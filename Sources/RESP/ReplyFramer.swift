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
/// results) frame fine, up to `maxDepth` levels (by default more than Redis can send).
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

    /// Remaining elements of each open aggregate, innermost at `depth - 1`; entries past
    /// `depth` are stale. Only ever grows (to the deepest reply seen), so a warm framer
    /// allocates nothing.
    var stack: [Int] = []
    /// Number of open aggregates.
    var depth = 0
    /// Whether a reply is partly framed.
    var active = false
    /// Start of the next element, or of the pending blob's data.
    var position = 0
    /// Declared length of the blob whose header has been read, else -1.
    var pendingBlob = -1
    /// Offset (from `position`) up to which the current line was searched in vain.
    var scanned = 0

    /// The default nesting limit: deeper than any reply Redis produces (a Lua script can
    /// return tables nested about 8,000 deep before Redis reports "reached lua stack
    /// limit"). It must be: a reply the framer refuses breaks the backend connection, and
    /// with it every other client's requests pipelined on it. The cost is only memory in
    /// proportion to the reply (8 bytes per level, each level at least 4 bytes of reply).
    public static let defaultMaxDepth = 1 << 16

    /// Creates a framer that refuses replies nested deeper than `maxDepth` aggregates.
    public init(maxDepth: Int = ReplyFramer.defaultMaxDepth) {
        precondition(maxDepth > 0)
        self.maxDepth = maxDepth
    }

    /// Forget any partial reply.
    public mutating func reset() {
        depth = 0
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
            reset()
            active = true
        }
        var pos = position
        var blob = pendingBlob

        while true {
            if blob >= 0 {
                if blob > end - pos - 2 {
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
                if pos == end {
                    position = pos
                    pendingBlob = -1
                    return .incomplete(needed: end + 1)
                }
                let type = base.load(fromByteOffset: pos, as: UInt8.self)
                let kind = Self.kind(of: type)
                if kind == .unknown { return fail(.unknownReplyType(type)) }
                var value = 0
                if kind != .line, let fast = DecimalText.fastHeader(base, at: pos, end: end),
                   base.load(fromByteOffset: fast.afterCR, as: UInt8.self) == 10 {
                    value = fast.value
                    pos = fast.afterCR + 1
                } else {
                    guard let cr = findLineEnd(base, lineStart: pos, end: end) else {
                        position = pos
                        pendingBlob = -1
                        return .incomplete(needed: end + 1)
                    }
                    if base.load(fromByteOffset: cr + 1, as: UInt8.self) != 10 { return fail(.missingReplyCRLF) }
                    if kind != .line {
                        if cr == pos + 2 && base.load(fromByteOffset: pos + 1, as: UInt8.self) == UInt8(ascii: "?") {
                            return fail(.streamedReply)
                        }
                        // Only `$-1` and `*-1` (RESP2 nulls) may be negative.
                        guard let n = DecimalText.parse(base, from: pos + 1, to: cr),
                              n >= 0 || (n == -1 && (type == UInt8(ascii: "$") || type == UInt8(ascii: "*"))) else {
                            return fail(.invalidReplyLength)
                        }
                        value = n
                    }
                    pos = cr + 2
                }
                scanned = 0
                switch kind {
                case .blob:
                    // Far beyond any real blob; refused so that offsets cannot overflow.
                    if value > Self.maxBlobLength { return fail(.invalidReplyLength) }
                    if value >= 0 {
                        blob = value
                        continue
                    }
                case .aggregate, .pairs, .attribute:
                    var elements = value
                    if kind != .aggregate {
                        let (twice, overflow) = value.multipliedReportingOverflow(by: 2)
                        if overflow { return fail(.invalidReplyLength) }
                        // An attribute's entries are followed by the reply they annotate.
                        elements = kind == .attribute ? twice + 1 : twice
                    }
                    if elements > 0 {
                        if depth >= maxDepth { return fail(.replyTooDeep(maxDepth)) }
                        if depth == stack.count { stack.append(elements) } else { stack[depth] = elements }
                        depth += 1
                        continue
                    }
                case .line, .unknown:
                    break
                }
            }
            // One element is complete: count it off its aggregate, closing finished ones
            // (a closed aggregate is in turn one element of its parent).
            while depth > 0 {
                let left = stack[depth - 1] - 1
                if left > 0 {
                    stack[depth - 1] = left
                    break
                }
                depth -= 1
            }
            if depth == 0 {
                reset()
                return .reply(length: pos)
            }
        }
    }

    /// Largest blob length accepted (1 TiB); Redis caps bulks at `proto-max-bulk-len`.
    static let maxBlobLength = 1 << 40

    /// How an element's header is followed.
    enum Kind {
        /// `+ - : _ , # (`: the line is the whole element.
        case line
        /// `$ ! =`: a length, then that many bytes and CRLF.
        case blob
        /// `* ~ >`: a count of elements.
        case aggregate
        /// `%`: a count of key/value pairs.
        case pairs
        /// `|`: a count of key/value pairs, then the element they annotate.
        case attribute
        case unknown
    }

    @inline(__always) static func kind(of type: UInt8) -> Kind {
        switch type {
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="): .blob
        case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"): .aggregate
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "_"),
             UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: "("): .line
        case UInt8(ascii: "%"): .pairs
        case UInt8(ascii: "|"): .attribute
        default: .unknown
        }
    }

    @inline(__always) mutating func fail(_ error: ProtocolError) -> ReplyFrame {
        reset()
        return .error(error)
    }

    /// Finds the `\r` ending the line at `lineStart`, with one byte after it, resuming after
    /// `scanned`; nil (and `scanned` updated) if it is not there yet.
    mutating func findLineEnd(_ base: UnsafeRawPointer, lineStart: Int, end: Int) -> Int? {
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
