/// Caps applied to every request before anything is sized from it.
///
/// The defaults are Redis 7's: `INT_MAX` arguments, `proto-max-bulk-len` 512 MiB per
/// argument, `PROTO_INLINE_MAX_SIZE` 64 KiB per inline line (and per `*`/`$` header line).
public struct RequestLimits: Sendable {
    /// Most arguments one multibulk request may declare; above it the request fails with
    /// "invalid multibulk length".
    public var maxArgs: Int
    /// Largest argument in bytes; above it the request fails with "invalid bulk length".
    public var maxBulkLength: Int
    /// Longest inline command line, and longest `*<n>`/`$<n>` header line, in bytes.
    public var maxInlineLength: Int
    /// Most bytes one whole request may span; a bulk that would end past it fails with
    /// "invalid bulk length".
    public var maxRequestSize: Int

    /// Redis's `proto-max-bulk-len` default.
    public static let redisMaxBulkLength = 512 * 1024 * 1024
    /// Redis's `PROTO_INLINE_MAX_SIZE`.
    public static let redisInlineMaxSize = 64 * 1024

    /// The limits Redis 7 applies by default.
    public static let redisDefaults = RequestLimits(
        maxArgs: Int(Int32.max),
        maxBulkLength: redisMaxBulkLength,
        maxInlineLength: redisInlineMaxSize,
        maxRequestSize: redisMaxBulkLength + redisInlineMaxSize)

    /// Creates limits; `maxBulkLength` must not be negative, the others must be positive.
    public init(maxArgs: Int, maxBulkLength: Int, maxInlineLength: Int, maxRequestSize: Int) {
        precondition(maxArgs > 0 && maxBulkLength >= 0 && maxInlineLength > 0 && maxRequestSize > 0)
        self.maxArgs = maxArgs
        self.maxBulkLength = maxBulkLength
        self.maxInlineLength = maxInlineLength
        self.maxRequestSize = maxRequestSize
    }
}
