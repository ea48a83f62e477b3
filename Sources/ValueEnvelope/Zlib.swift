import CZlib
import RESP

/// zlib's deflate and inflate over raw buffers (the zlib format: header and Adler-32).
public enum Zlib {
    /// How much larger than its compressed form a value can be: deflate's best ratio is
    /// about 1032:1. A header claiming more is corrupt and is not trusted with an allocation.
    static let maxRatio = 1040

    /// Compresses `input` and appends the result to `out`, unless it would take `limit`
    /// bytes or more: then `out` is left as it was and false returned, without finishing
    /// the work on input that does not shrink.
    ///
    /// - Parameters:
    ///   - input: The bytes to compress.
    ///   - level: zlib's level, 1 (fastest) to 9 (smallest).
    ///   - limit: The compressed size from which compressing is not worth it.
    /// - Returns: Whether the compressed bytes were appended.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int32, limit: Int, into out: ByteBuffer) -> Bool {
        guard limit > 0, let source = input.baseAddress else { return false }
        // A window and hash table no larger than the input: zlib's defaults (32 KB window,
        // 64 KB hash) cost more to set up than compressing a 1 KB value does. Any window
        // up to 15 bits inflates with the defaults.
        var windowBits: Int32 = 9
        while windowBits < 15 && 1 << windowBits < input.count { windowBits += 1 }
        let memLevel = max(1, windowBits - 7)
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, windowBits, memLevel, Z_DEFAULT_STRATEGY,
                            zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
        defer { deflateEnd(&stream) }
        out.reserve(limit)
        stream.next_in = UnsafeMutablePointer(mutating: source.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = out.writePointer.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(limit - 1)
        // With the output capped below `limit`, Z_STREAM_END means the result fits.
        guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return false }
        out.didWrite(Int(stream.total_out))
        return true
    }

    /// Inflates `input`, which must hold exactly `length` bytes once inflated, and appends
    /// them to `out`.
    ///
    /// - Returns: False (and `out` unchanged) if `input` is not one complete zlib stream of
    ///   `length` bytes.
    public static func decompress(_ input: UnsafeRawBufferPointer, length: Int, into out: ByteBuffer) -> Bool {
        guard let source = input.baseAddress, length <= input.count * maxRatio else { return false }
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
        defer { inflateEnd(&stream) }
        // One spare byte: output beyond `length` means the header lied.
        out.reserve(length + 1)
        stream.next_in = UnsafeMutablePointer(mutating: source.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = out.writePointer.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(length + 1)
        guard inflate(&stream, Z_FINISH) == Z_STREAM_END, Int(stream.total_out) == length,
              stream.avail_in == 0 else { return false }
        out.didWrite(length)
        return true
    }
}
