import RESP

/// drover's value envelope: the header stored before a value on pools with `compression`
/// or `herd_timeout`.
///
/// ```
///   offset  0            4        5       6                     14              18
///           FF 'D' 'R' 'V' version  flags   logical expiry (ms)   length          payload ...
///           magic          1        c|h|x   big-endian Int64      big-endian UInt32
/// ```
/// - `c` (compressed): the payload is zlib data; `length` is the value's length before
///   compression. Otherwise the payload is the value itself and `length` its length.
/// - `h` (herd): `logical expiry` (Unix time, ms) is set; the key's real TTL runs
///   `herd_timeout` longer.
/// - `x` (claimed): after the logical expiry, one reader has been sent a miss to recompute.
///
/// A value with no flag set is an *escaped* raw value: one that begins with the magic bytes
/// is stored behind a header, so every byte string reads back exactly as written. Bytes that
/// begin with the magic but do not form a valid header (wrong version, unknown flags, a
/// length that does not match) are not an envelope and are read back unchanged. The same
/// rules are spelt in Lua in ``EnvelopeScript``: keep the two in step.
public enum Envelope {
    /// The first four bytes of every envelope. 0xFF never starts UTF-8 text.
    public static let magic: [UInt8] = [0xFF, 0x44, 0x52, 0x56]
    /// The only version written and read.
    public static let version: UInt8 = 1
    /// Bytes before the payload.
    public static let headerSize = 18
    /// Offset of the flags byte.
    static let flagsOffset = 5
    /// Offset of the logical expiry.
    static let expiryOffset = 6
    /// Offset of the length.
    static let lengthOffset = 14
    /// Bytes from the start of the header through the logical expiry: what a herd claim
    /// compares before it marks the value claimed.
    public static let claimPrefixSize = 14

    /// The header's flag bits.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The payload is zlib-compressed.
        public static let compressed = Flags(rawValue: 1)
        /// The logical expiry is set (herd protection).
        public static let herd = Flags(rawValue: 2)
        /// A reader was elected to recompute the logically expired value.
        public static let claimed = Flags(rawValue: 4)
        /// Every bit a valid header may have.
        public static let known: Flags = [.compressed, .herd, .claimed]
    }

    /// A decoded header.
    public struct Header: Sendable, Equatable {
        /// What the payload is and which fields are set.
        public var flags: Flags
        /// Unix time in ms after which the value is logically expired (0 without `.herd`).
        public var expiryMs: Int64
        /// The value's length (before compression).
        public var length: Int

        /// Creates a header; `expiryMs` matters only with ``Flags/herd``.
        public init(flags: Flags, expiryMs: Int64 = 0, length: Int) {
            self.flags = flags
            self.expiryMs = expiryMs
            self.length = length
        }
    }

    /// Largest value length the header can hold.
    public static let maxLength = Int(UInt32.max)

    /// Whether `bytes` begins with ``magic``.
    @inlinable
    public static func startsWithMagic(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 4 && bytes[0] == 0xFF && bytes[1] == 0x44 && bytes[2] == 0x52 && bytes[3] == 0x56
    }

    /// The header of a stored value, or nil if the value is not an envelope (it is then a
    /// raw value, to be read back as it is).
    ///
    /// An uncompressed payload must be exactly `length` bytes; a compressed one is checked
    /// when it is inflated.
    public static func header(of stored: UnsafeRawBufferPointer) -> Header? {
        guard stored.count >= headerSize, startsWithMagic(stored), stored[4] == version else { return nil }
        let flags = Flags(rawValue: stored[flagsOffset])
        guard Flags.known.isSuperset(of: flags) else { return nil }
        var expiry: UInt64 = 0
        for i in expiryOffset..<lengthOffset { expiry = expiry << 8 | UInt64(stored[i]) }
        var length = 0
        for i in lengthOffset..<headerSize { length = length << 8 | Int(stored[i]) }
        if !flags.contains(.compressed) && stored.count - headerSize != length { return nil }
        return Header(flags: flags, expiryMs: Int64(bitPattern: expiry), length: length)
    }

    /// Appends the 18 header bytes.
    public static func appendHeader(_ header: Header, to out: ByteBuffer) {
        precondition(header.length <= maxLength)
        out.reserve(headerSize)
        magic.withUnsafeBytes { out.append($0) }
        out.append(byte: version)
        out.append(byte: header.flags.rawValue)
        appendBigEndian(UInt64(bitPattern: header.expiryMs), bytes: 8, to: out)
        appendBigEndian(UInt64(header.length), bytes: 4, to: out)
    }

    /// The eight big-endian bytes of a logical expiry, as the header stores it.
    public static func expiryBytes(_ expiryMs: Int64) -> [UInt8] {
        let value = UInt64(bitPattern: expiryMs)
        return (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
    }

    private static func appendBigEndian(_ value: UInt64, bytes: Int, to out: ByteBuffer) {
        for i in stride(from: bytes - 1, through: 0, by: -1) {
            out.append(byte: UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))))
        }
    }
}
