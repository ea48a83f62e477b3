/// A growable byte buffer with a read cursor and a write cursor.
///
/// Connections receive into one and send from one. The memory is managed by hand so
/// the hot path pays neither copy-on-write checks nor array bounds bookkeeping; the
/// buffer is a class because exactly one connection owns it and mutates it in place.
///
/// ```
///   base                readIndex            writeIndex           capacity
///    |   consumed bytes   |  readable bytes    |  writable space    |
/// ```
public final class ByteBuffer {
    /// Start of the storage. Stable until the next call that may grow the buffer.
    public private(set) var base: UnsafeMutableRawPointer
    /// Bytes allocated at `base`.
    public private(set) var capacity: Int
    /// Offset of the first unread byte.
    public var readIndex: Int = 0
    /// Offset one past the last written byte.
    public var writeIndex: Int = 0

    /// The size a buffer starts with and shrinks back to when it empties.
    public let initialCapacity: Int

    /// Creates an empty buffer with room for `capacity` bytes.
    public init(capacity: Int = 16 * 1024) {
        precondition(capacity > 0)
        self.initialCapacity = capacity
        self.capacity = capacity
        self.base = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// Number of bytes between the read and the write cursor.
    @inlinable public var readableCount: Int { writeIndex - readIndex }

    /// Whether there is nothing left to read.
    @inlinable public var isEmpty: Bool { writeIndex == readIndex }

    /// Free space after the write cursor.
    @inlinable public var writableCount: Int { capacity - writeIndex }

    /// The unread bytes. Invalidated by any call that may grow or compact the buffer.
    @inlinable public var readable: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + readIndex, count: writeIndex - readIndex)
    }

    /// Pointer to the first writable byte; pair with ``didWrite(_:)``.
    @inlinable public var writePointer: UnsafeMutableRawPointer { base + writeIndex }

    /// Advances the write cursor after bytes were stored at ``writePointer``.
    @inlinable public func didWrite(_ count: Int) { writeIndex += count }

    /// Marks `count` readable bytes as consumed; an emptied buffer rewinds to offset 0
    /// and gives back memory it grew beyond its initial size.
    @inlinable public func consume(_ count: Int) {
        readIndex += count
        if readIndex == writeIndex { reset() }
    }

    /// Drops everything and returns to the initial capacity.
    public func reset() {
        readIndex = 0
        writeIndex = 0
        if capacity > initialCapacity {
            base.deallocate()
            base = .allocate(byteCount: initialCapacity, alignment: 16)
            capacity = initialCapacity
        }
    }

    /// Makes room for at least `count` more bytes after the write cursor, first by
    /// moving unread bytes to the front, then by growing.
    public func reserve(_ count: Int) {
        if capacity - writeIndex >= count { return }
        let live = writeIndex - readIndex
        if readIndex > 0 && capacity - live >= count && live <= capacity / 2 {
            if live > 0 { (base).copyMemory(from: base + readIndex, byteCount: live) }
            readIndex = 0
            writeIndex = live
            return
        }
        var newCapacity = Swift.max(capacity, 64)
        while newCapacity - live < count { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if live > 0 { newBase.copyMemory(from: base + readIndex, byteCount: live) }
        base.deallocate()
        base = newBase
        capacity = newCapacity
        readIndex = 0
        writeIndex = live
    }

    /// Appends raw bytes.
    @inlinable public func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if n == 0 { return }
        if capacity - writeIndex < n { reserve(n) }
        (base + writeIndex).copyMemory(from: bytes.baseAddress!, byteCount: n)
        writeIndex += n
    }

    /// Appends the bytes of an array.
    @inlinable public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends the UTF-8 bytes of a string.
    @inlinable public func append(_ string: String) {
        var s = string
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends one byte.
    @inlinable public func append(byte: UInt8) {
        if capacity == writeIndex { reserve(1) }
        base.storeBytes(of: byte, toByteOffset: writeIndex, as: UInt8.self)
        writeIndex += 1
    }

    /// Appends the decimal digits of `value`.
    public func append(decimal value: Int) {
        reserve(20)
        var v = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let written = withUnsafeMutableBytes(of: &digits) { tmp -> Int in
            var i = tmp.count
            repeat {
                i -= 1
                tmp[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
                v /= 10
            } while v > 0
            if value < 0 { i -= 1; tmp[i] = UInt8(ascii: "-") }
            (base + writeIndex).copyMemory(from: tmp.baseAddress! + i, byteCount: tmp.count - i)
            return tmp.count - i
        }
        writeIndex += written
    }

    /// A copy of the readable bytes, for tests and cold paths.
    public var readableBytes: [UInt8] { Array(readable) }
}
