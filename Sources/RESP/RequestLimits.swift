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
    /// Set while the client has not authenticated (see ``beforeAuthentication()``): a count
    /// or bulk over the tightened caps then fails with Redis's "unauthenticated" errors.
    public private(set) var authRequired = false

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

    /// Redis's cap on arguments before AUTH (networking.c, `authRequired`).
    public static let unauthenticatedMaxArgs = 10
    /// Redis's cap on one bulk before AUTH.
    public static let unauthenticatedMaxBulkLength = 16 * 1024

    /// These limits tightened as Redis tightens them for a client that must still
    /// authenticate: at most 10 arguments of at most 16 KiB each, so an unauthenticated peer
    /// cannot make drover hold large requests.
    public func beforeAuthentication() -> RequestLimits {
        var limits = self
        limits.maxArgs = Swift.min(maxArgs, Self.unauthenticatedMaxArgs)
        limits.maxBulkLength = Swift.min(maxBulkLength, Self.unauthenticatedMaxBulkLength)
        limits.authRequired = true
        return limits
    }

    /// Creates limits; `maxBulkLength` must not be negative, the others must be positive.
    public init(maxArgs: Int, maxBulkLength: Int, maxInlineLength: Int, maxRequestSize: Int) {
        precondition(maxArgs > 0 && maxBulkLength >= 0 && maxInlineLength > 0 && maxRequestSize > 0)
        self.maxArgs = maxArgs
        self.maxBulkLength = maxBulkLength
        self.maxInlineLength = maxInlineLength
        self.maxRequestSize = maxRequestSize
    }
}
