/// Where one argument lies, relative to the first byte of its request.
public struct ArgRange: Sendable, Equatable {
    /// Offset of the argument's first byte from the request's first byte.
    public var offset: Int
    /// Length of the argument in bytes.
    public var count: Int

    /// Creates a range of `count` bytes starting `offset` bytes into the request.
    @inlinable public init(offset: Int, count: Int) {
        self.offset = offset
        self.count = count
    }
}

/// The arguments of the request framed last; one list is reused for every request of a
/// connection so that framing allocates nothing once the arrays have grown.
///
/// For a multibulk request each ``ArgRange`` indexes into the received bytes. For an inline
/// command (`GET k\r\n` typed into telnet) the arguments are decoded, re-encoded as a
/// multibulk request in ``inlineEncoding``, and the ranges index into that encoding instead.
public struct ArgList: Sendable {
    /// Storage for the ranges; only the first `argCount` are the current request's. It only
    /// grows, so a warm list takes new requests without allocating or clearing.
    @usableFromInline var ranges: [ArgRange] = []
    @usableFromInline var argCount = 0
    /// Multibulk encoding of the last inline command; kept to reuse its capacity.
    @usableFromInline var inlineBytes: [UInt8] = []
    /// Decoded inline arguments before re-encoding; kept to reuse its capacity.
    var scratch: [UInt8] = []
    /// Whether the last request was an inline command.
    @usableFromInline var isInline = false

    /// Creates an empty list.
    public init() {}

    /// Number of arguments; 0 for an empty request, which gets no reply.
    @inlinable public var count: Int { argCount }

    /// Where argument `i` lies.
    @inlinable public subscript(i: Int) -> ArgRange {
        precondition(i >= 0 && i < argCount, "argument index out of range")
        return ranges[i]
    }

    /// Non-nil when the request was an inline command: the same arguments re-encoded as a
    /// multibulk request; the ranges then index into these bytes, not into the receive buffer.
    @inlinable public var inlineEncoding: [UInt8]? { isInline ? inlineBytes : nil }

    /// Calls `body` with the bytes of argument `i`.
    ///
    /// - Parameters:
    ///   - i: The argument's index.
    ///   - request: The received request, starting at its first byte (ignored for an inline
    ///     command, whose arguments live in ``inlineEncoding``).
    ///   - body: Gets the argument's bytes, valid only during the call.
    /// - Returns: What `body` returns.
    @inlinable public func withArgument<R>(
        _ i: Int, in request: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> R
    ) rethrows -> R {
        let r = self[i]
        if isInline {
            return try inlineBytes.withUnsafeBytes {
                try body(UnsafeRawBufferPointer(rebasing: $0[r.offset..<r.offset + r.count]))
            }
        }
        return try body(UnsafeRawBufferPointer(rebasing: request[r.offset..<r.offset + r.count]))
    }

    /// Empties the list for the next request, keeping its capacity.
    mutating func removeAll() {
        argCount = 0
        isInline = false
    }

    /// Adds the next argument's range.
    @inline(__always) mutating func append(_ range: ArgRange) {
        if argCount < ranges.count {
            ranges[argCount] = range
        } else {
            ranges.append(range)
        }
        argCount += 1
    }
}
