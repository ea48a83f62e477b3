// A fuzz input's byte stream held once, exactly sized, with the bytes a framer has not
// "received" yet poisoned for AddressSanitizer: a read past what it was given is reported
// at once, without copying the stream for every call.

@_silgen_name("__asan_poison_memory_region")
private func asanPoison(_ address: UnsafeRawPointer, _ size: Int)

@_silgen_name("__asan_unpoison_memory_region")
private func asanUnpoison(_ address: UnsafeRawPointer, _ size: Int)

public final class StreamBuffer {
    public let bytes: UnsafeMutableRawBufferPointer

    public init(_ source: UnsafeRawBufferPointer) {
        bytes = .allocate(byteCount: Swift.max(source.count, 1), alignment: 1)
        bytes.copyMemory(from: source)
    }

    deinit {
        asanUnpoison(bytes.baseAddress!, bytes.count)
        bytes.deallocate()
    }

    public var count: Int { bytes.count }

    /// Calls `body` with bytes `start..<end`; every other byte of the stream is poisoned
    /// meanwhile.
    public func with<R>(_ start: Int, _ end: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let base = bytes.baseAddress!
        if start > 0 { asanPoison(base, start) }
        if end < bytes.count { asanPoison(base + end, bytes.count - end) }
        defer { asanUnpoison(base, bytes.count) }
        return body(UnsafeRawBufferPointer(start: base + start, count: end - start))
    }
}

/// A small deterministic generator for chunk sizes.
public struct ChunkSizes {
    private var state: UInt64
    private let largest: Int

    public init(seed: UInt8, largest: Int) {
        state = UInt64(seed) &+ 0x9E37_79B9_7F4A_7C15
        self.largest = largest
    }

    /// A size from 1 to `min(largest, remaining)`.
    public mutating func next(remaining: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return 1 + Int((state >> 33) % UInt64(Swift.min(remaining, largest)))
    }
}
