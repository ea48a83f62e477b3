/// A Redis-style protocol error.
///
/// `message` is the whole text a client sees after the leading `-`, error code included,
/// for example `ERR Protocol error: invalid multibulk length`; write it with
/// ``ByteBuffer/appendError(_:)``. The request texts are Redis 7's own (networking.c), so a
/// client behind drover sees what it would see talking to Redis directly.
public struct ProtocolError: Error, Equatable, Sendable {
    /// The full error text, without the leading `-` and the trailing CRLF.
    public let message: String

    /// Creates an error carrying `message` verbatim.
    public init(message: String) {
        self.message = message
    }
}

extension ProtocolError {
    // Requests (texts must stay equal to Redis's).

    /// A multibulk count that is not a number or exceeds ``RequestLimits/maxArgs``.
    public static let invalidMultibulkLength = ProtocolError(message: "ERR Protocol error: invalid multibulk length")
    /// A bulk length that is not a number, is negative, or exceeds a limit.
    public static let invalidBulkLength = ProtocolError(message: "ERR Protocol error: invalid bulk length")
    /// A `*` count line longer than ``RequestLimits/maxInlineLength``.
    public static let tooBigMultibulkCount = ProtocolError(message: "ERR Protocol error: too big mbulk count string")
    /// A `$` length line longer than ``RequestLimits/maxInlineLength``.
    public static let tooBigBulkCount = ProtocolError(message: "ERR Protocol error: too big bulk count string")
    /// An inline command line longer than ``RequestLimits/maxInlineLength``.
    public static let tooBigInlineRequest = ProtocolError(message: "ERR Protocol error: too big inline request")
    /// An inline command with an unterminated quote, or a closing quote followed by a non-space.
    public static let unbalancedQuotes = ProtocolError(message: "ERR Protocol error: unbalanced quotes in request")

    /// More than ``RequestLimits/unauthenticatedMaxArgs`` arguments before AUTH.
    public static let unauthenticatedMultibulkLength = ProtocolError(message: "ERR Protocol error: unauthenticated multibulk length")
    /// A bulk over ``RequestLimits/unauthenticatedMaxBulkLength`` bytes before AUTH.
    public static let unauthenticatedBulkLength = ProtocolError(message: "ERR Protocol error: unauthenticated bulk length")
    /// A header line whose `\r` is not followed by `\n`, or a bulk not followed by `\r\n`.
    ///
    /// Redis 7.0 skips these two bytes unread; newer servers (Redis 8, Valkey 8) refuse them
    /// with this text. drover refuses them too, so that every byte it forwards frames the
    /// same way on any backend: a lax frame passed on to a strict backend would make it
    /// close the connection that other clients' requests share.
    public static let invalidCRLF = ProtocolError(message: "ERR Protocol error: invalid CRLF in request")

    /// A multibulk element that does not start with `$`.
    ///
    /// Redis prints the offending byte as is, except CR and LF, which its error replies turn
    /// into spaces; a byte outside ASCII is shown here as the Unicode scalar of the same
    /// value, because a Swift string cannot hold a lone byte.
    public static func expectedDollar(got byte: UInt8) -> ProtocolError {
        let shown = byte == 13 || byte == 10 ? UInt8(ascii: " ") : byte
        return ProtocolError(message: "ERR Protocol error: expected '$', got '\(Character(Unicode.Scalar(shown)))'")
    }

    // Replies (drover's own texts: a backend sending these is broken or not Redis).

    /// A reply element starting with a byte that is no RESP2/RESP3 type.
    static func unknownReplyType(_ byte: UInt8) -> ProtocolError {
        ProtocolError(message: "ERR Protocol error: unknown reply type byte \(byte)")
    }

    /// A reply length or count that is not a valid number.
    static let invalidReplyLength = ProtocolError(message: "ERR Protocol error: invalid length in reply")
    /// A reply line or blob not terminated by CRLF.
    static let missingReplyCRLF = ProtocolError(message: "ERR Protocol error: reply not terminated by CRLF")
    /// A RESP3 streamed string or aggregate (`$?`, `*?`), which Redis never sends.
    static let streamedReply = ProtocolError(message: "ERR Protocol error: streamed RESP3 replies are not supported")

    /// A reply nested deeper than the framer's limit.
    static func replyTooDeep(_ maxDepth: Int) -> ProtocolError {
        ProtocolError(message: "ERR Protocol error: reply nested deeper than \(maxDepth) levels")
    }
}
