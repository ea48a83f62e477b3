import RESP

/// Turns the values clients write into what a pool stores, and stored bytes back into
/// exactly what the client wrote. Pure: no I/O, the time is passed in.
///
/// What is stored for a value:
/// - a number (``NumericText``): the value itself, always (INCR keeps working);
/// - at least `min_size` bytes, with compression on, and smaller once deflated:
///   an envelope with the zlib payload;
/// - written with a TTL on a herd pool: an envelope holding the logical expiry;
/// - anything else that begins with ``Envelope/magic``: an escaping envelope (no flags);
/// - anything else: the value itself.
public struct ValueCodec: Sendable {
    /// The pool's `compression` setting.
    public struct Compression: Sendable, Equatable {
        /// Values shorter than this are stored raw.
        public var minSize: Int
        /// zlib's level, 1 to 9.
        public var level: Int32

        /// Creates the setting from the config's `min_size` and `level`.
        public init(minSize: Int, level: Int) {
            self.minSize = minSize
            self.level = Int32(level)
        }
    }

    /// Compression, or nil when the pool does not compress.
    public let compression: Compression?
    /// `herd_timeout` in ms: how long past its logical expiry a value is served stale; 0 is off.
    public let herdWindowMs: Int64

    /// Creates a pool's codec; `herdTimeoutSeconds` 0 is herd protection off.
    public init(compression: Compression?, herdTimeoutSeconds: Int) {
        self.compression = compression
        herdWindowMs = Int64(herdTimeoutSeconds) * 1000
    }

    /// Whether the pool uses the envelope at all.
    public var isActive: Bool { compression != nil || herdWindowMs > 0 }

    /// Whether herd protection is on.
    public var herdEnabled: Bool { herdWindowMs > 0 }

    // MARK: writing

    /// Whether a write of `value` with a TTL stores a logical expiry: on a herd pool, for
    /// anything but a number. A number keeps the exact TTL it was given (no stale window).
    public func takesHerd(_ value: UnsafeRawBufferPointer) -> Bool {
        herdEnabled && value.count <= Envelope.maxLength && !NumericText.isNumber(value)
    }

    /// Whether `value` is stored exactly as it is: a number, or a value that needs no
    /// logical expiry, no escaping and is too small to compress. (A value that is tried and
    /// does not shrink is stored as it is too, without this knowing it.)
    public func storesAsIs(_ value: UnsafeRawBufferPointer, expiryMs: Int64?) -> Bool {
        if value.count > Envelope.maxLength || NumericText.isNumber(value) { return true }
        if expiryMs != nil && herdEnabled { return false }
        if let compression, value.count >= compression.minSize, value.count > Envelope.headerSize { return false }
        return !Envelope.startsWithMagic(value)
    }

    /// Appends what is stored for `value` as one bulk string (a request argument).
    ///
    /// - Parameters:
    ///   - value: The bytes the client wrote.
    ///   - expiryMs: The logical expiry (Unix ms) to record, for a write with a TTL on a
    ///     herd pool; nil for none.
    ///   - out: The request being built.
    public func appendStored(_ value: UnsafeRawBufferPointer, expiryMs: Int64?, to out: ByteBuffer) {
        guard value.count <= Envelope.maxLength, !NumericText.isNumber(value) else {
            out.appendBulk(value)
            return
        }
        var flags: Envelope.Flags = []
        if expiryMs != nil && herdEnabled { flags.insert(.herd) }
        let header = { (flags: Envelope.Flags) in
            Envelope.Header(flags: flags, expiryMs: flags.contains(.herd) ? max(expiryMs ?? 0, 0) : 0, length: value.count)
        }
        if let compression, value.count >= compression.minSize, value.count > Envelope.headerSize {
            let packed = ByteBuffer(capacity: value.count)
            if Zlib.compress(value, level: compression.level, limit: value.count - Envelope.headerSize, into: packed) {
                Self.appendEnvelope(header(flags.union(.compressed)), payload: packed.readable, to: out)
                return
            }
        }
        if !flags.isEmpty || Envelope.startsWithMagic(value) {
            Self.appendEnvelope(header(flags), payload: value, to: out)
        } else {
            out.appendBulk(value)
        }
    }

    /// The stored form of `value` as bytes (for tests and script arguments).
    public func stored(_ value: UnsafeRawBufferPointer, expiryMs: Int64?) -> [UInt8] {
        let out = ByteBuffer(capacity: value.count + 64)
        appendStored(value, expiryMs: expiryMs, to: out)
        return Self.bulkPayload(out.readableBytes)
    }

    private static func appendEnvelope(_ header: Envelope.Header, payload: UnsafeRawBufferPointer, to out: ByteBuffer) {
        out.appendBulkHeader(Envelope.headerSize + payload.count)
        Envelope.appendHeader(header, to: out)
        out.append(payload)
        out.appendCRLF()
    }

    // MARK: reading

    /// Appends the value a client reads for the `stored` bytes, as a bulk string.
    ///
    /// - Parameters:
    ///   - stored: A stored value (a bulk's payload).
    ///   - header: `Envelope.header(of: stored)`, or nil for a raw value.
    ///   - out: The reply being built.
    public static func appendValue(_ stored: UnsafeRawBufferPointer, header: Envelope.Header?, to out: ByteBuffer) {
        guard let header else {
            out.appendBulk(stored)
            return
        }
        let payload = UnsafeRawBufferPointer(rebasing: stored[Envelope.headerSize...])
        guard header.flags.contains(.compressed) else {
            out.appendBulk(payload)
            return
        }
        let mark = out.readableCount
        out.appendBulkHeader(header.length)
        if Zlib.decompress(payload, length: header.length, into: out) {
            out.appendCRLF()
        } else {
            // Not a zlib stream after all: a raw value that looks like an envelope.
            out.writeIndex = out.readIndex + mark
            out.appendBulk(stored)
        }
    }

    /// The value a client reads for `stored` (for tests and cold paths).
    public static func value(of stored: [UInt8]) -> [UInt8] {
        let out = ByteBuffer(capacity: stored.count + 32)
        stored.withUnsafeBytes { appendValue($0, header: Envelope.header(of: $0), to: out) }
        return bulkPayload(out.readableBytes)
    }

    /// Where a stored value stands in its herd life at `nowMs`.
    public func herdState(_ header: Envelope.Header?, nowMs: Int64) -> HerdState {
        guard herdEnabled, let header, header.flags.contains(.herd), nowMs >= header.expiryMs else { return .fresh }
        return header.flags.contains(.claimed) ? .staleClaimed : .staleUnclaimed
    }

    /// The payload of one encoded bulk string `$n\r\n...\r\n`.
    static func bulkPayload(_ bulk: [UInt8]) -> [UInt8] {
        guard let cr = bulk.firstIndex(of: 13) else { return [] }
        return Array(bulk[(cr + 2)..<(bulk.count - 2)])
    }
}

/// Where a stored value stands after its logical expiry.
public enum HerdState: Sendable, Equatable {
    /// No logical expiry, or not reached: every reader gets the value.
    case fresh
    /// Expired, and a reader was already elected to recompute it: serve it stale.
    case staleClaimed
    /// Expired, nobody elected yet: the next reader to win the claim gets a miss.
    case staleUnclaimed
}
