/// Writing RESP2: drover's own replies, and the requests it builds (per-shard fragments).
extension ByteBuffer {
    /// Appends `+<s>\r\n`; a CR or LF inside `s` is written as a space, since it would end
    /// the line early.
    public func appendSimpleString(_ s: String) {
        appendLine(prefix: UInt8(ascii: "+"), s)
    }

    /// Appends `-<message>\r\n`.
    ///
    /// - Parameter message: The text after the `-`, starting with the error code, e.g.
    ///   `ERR unknown command`; any CR or LF inside it is written as a space, as Redis does.
    public func appendError(_ message: String) {
        appendLine(prefix: UInt8(ascii: "-"), message)
    }

    /// Appends the integer reply `:<v>\r\n`.
    @inlinable public func appendInteger(_ v: Int) {
        append(byte: UInt8(ascii: ":"))
        append(decimal: v)
        appendCRLF()
    }

    /// Appends the bulk string `$<n>\r\n<bytes>\r\n`.
    @inlinable public func appendBulk(_ bytes: UnsafeRawBufferPointer) {
        appendBulkHeader(bytes.count)
        append(bytes)
        appendCRLF()
    }

    /// Appends the UTF-8 bytes of `s` as a bulk string.
    @inlinable public func appendBulk(_ s: String) {
        var s = s
        s.withUTF8 { appendBulk(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the RESP2 null bulk string `$-1\r\n`.
    @inlinable public func appendNull() {
        append(staticBytes: "$-1\r\n")
    }

    /// Appends the RESP2 null array `*-1\r\n`.
    @inlinable public func appendNullArray() {
        append(staticBytes: "*-1\r\n")
    }

    /// Appends an array header `*<n>\r\n`; the caller appends the `n` elements.
    @inlinable public func appendArrayHeader(_ n: Int) {
        append(byte: UInt8(ascii: "*"))
        append(decimal: n)
        appendCRLF()
    }

    /// Appends a bulk string header `$<length>\r\n`; the caller appends `length` bytes and
    /// then ``appendCRLF()``.
    @inlinable public func appendBulkHeader(_ length: Int) {
        append(byte: UInt8(ascii: "$"))
        append(decimal: length)
        appendCRLF()
    }

    /// Appends `\r\n`.
    @inlinable public func appendCRLF() {
        if capacity - writeIndex < 2 { reserve(2) }
        base.storeBytes(of: 13, toByteOffset: writeIndex, as: UInt8.self)
        base.storeBytes(of: 10, toByteOffset: writeIndex + 1, as: UInt8.self)
        writeIndex += 2
    }

    /// Appends the bytes of a constant ASCII text without creating a `String`.
    @inlinable func append(staticBytes text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `<prefix><s>\r\n`, with CR and LF in `s` replaced by spaces.
    func appendLine(prefix: UInt8, _ s: String) {
        var s = s
        s.withUTF8 { text in
            let n = text.count
            reserve(n + 3)
            let out = writePointer
            out.storeBytes(of: prefix, as: UInt8.self)
            for i in 0..<n {
                let b = text[i]
                out.storeBytes(of: b == 13 || b == 10 ? UInt8(ascii: " ") : b, toByteOffset: i + 1, as: UInt8.self)
            }
            out.storeBytes(of: 13, toByteOffset: n + 1, as: UInt8.self)
            out.storeBytes(of: 10, toByteOffset: n + 2, as: UInt8.self)
            didWrite(n + 3)
        }
    }
}
