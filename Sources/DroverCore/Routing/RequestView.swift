import RESP

/// A framed request: its bytes as they will be forwarded, and where its arguments are.
public struct RequestView {
    /// The whole request (argument 0 is the command name).
    public let bytes: UnsafeRawBufferPointer
    public let args: ArgList

    public init(bytes: UnsafeRawBufferPointer, args: ArgList) {
        self.bytes = bytes
        self.args = args
    }

    /// Number of arguments, command name included.
    @inlinable public var count: Int { args.count }

    /// The bytes of argument `i`.
    @inlinable public func arg(_ i: Int) -> UnsafeRawBufferPointer {
        let range = args[i]
        return UnsafeRawBufferPointer(start: bytes.baseAddress! + range.offset, count: range.count)
    }

    /// Argument `i` as text (cold paths: local commands, error messages).
    public func string(_ i: Int) -> String { String(decoding: arg(i), as: UTF8.self) }
}
