/// A first-in first-out queue in a ring of manually managed memory.
///
/// Connections keep their in-flight requests and pending replies in one. It is a class
/// owned by exactly one connection, so unlike a value-type deque no copy-on-write
/// uniqueness check or storage retain happens per operation: that was measured at
/// several percent of a proxied GET.
public final class FIFO<Element> {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity: Int
    private var head = 0
    /// Number of elements queued.
    public private(set) var count = 0

    public init(capacity: Int = 16) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "capacity must be a power of two")
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        removeAll()
        storage.deallocate()
    }

    @inlinable public var isEmpty: Bool { count == 0 }

    /// Appends at the back.
    public func append(_ element: __owned Element) {
        if count == capacity { grow() }
        (storage + ((head + count) & (capacity - 1))).initialize(to: element)
        count += 1
    }

    /// Removes and returns the front element; the queue must not be empty.
    @discardableResult
    public func removeFirst() -> Element {
        precondition(count > 0, "removeFirst on an empty FIFO")
        let element = (storage + head).move()
        head = (head + 1) & (capacity - 1)
        count -= 1
        return element
    }

    /// The element `offset` places behind the front (0 = the front).
    public subscript(offset: Int) -> Element {
        get {
            precondition(offset >= 0 && offset < count, "FIFO index out of range")
            return storage[(head + offset) & (capacity - 1)]
        }
        _modify {
            precondition(offset >= 0 && offset < count, "FIFO index out of range")
            yield &storage[(head + offset) & (capacity - 1)]
        }
    }

    /// The front element, if any.
    public var first: Element? { count > 0 ? storage[head] : nil }

    /// Empties the queue, keeping its memory.
    public func removeAll() {
        while count > 0 { removeFirst() }
        head = 0
    }

    private func grow() {
        let newCapacity = capacity * 2
        let newStorage = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        for i in 0..<count {
            (newStorage + i).moveInitialize(from: storage + ((head + i) & (capacity - 1)), count: 1)
        }
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
        head = 0
    }
}
