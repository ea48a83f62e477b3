/// Values keyed by request sequence numbers that are handed out in increasing order and
/// mostly retired oldest first: a ring indexed by `token - base`, so no hashing and no
/// allocation once warm. Tokens without a value cost a nil slot.
///
/// ```
///   base = 41    [41: v] [42: nil] [43: v] [44: v]     remove(41) -> base 43
/// ```
public final class TokenTable<Value> {
    @usableFromInline var storage: UnsafeMutablePointer<Value?>
    @usableFromInline var capacity: Int
    @usableFromInline var head = 0
    /// The token stored at `head`.
    @usableFromInline var base = 0
    /// Slots in use from `head` on (the last one holds a value).
    @usableFromInline var span = 0

    @inlinable public init(capacity: Int = 16) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "capacity must be a power of two")
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: nil, count: capacity)
    }

    deinit {
        storage.deinitialize(count: capacity)
        storage.deallocate()
    }

    /// Whether no token has a value.
    @inlinable public var isEmpty: Bool { span == 0 }

    /// The value of `token`, or nil. Setting it to nil removes it.
    @inlinable public subscript(token: Int) -> Value? {
        get {
            let offset = token &- base
            guard span > 0, offset >= 0, offset < span else { return nil }
            return storage[(head + offset) & (capacity - 1)]
        }
        set {
            if let newValue { insert(newValue, for: token) } else { remove(token) }
        }
    }

    @inlinable func insert(_ value: Value, for token: Int) {
        if span == 0 {
            base = token
            head = 0
        }
        let offset = token - base
        precondition(offset >= 0, "TokenTable: token \(token) is older than the oldest kept (\(base))")
        if offset >= capacity { grow(toHold: offset + 1) }
        storage[(head + offset) & (capacity - 1)] = value
        span = max(span, offset + 1)
    }

    @inlinable func remove(_ token: Int) {
        let offset = token &- base
        guard span > 0, offset >= 0, offset < span else { return }
        storage[(head + offset) & (capacity - 1)] = nil
        while span > 0 && storage[head] == nil {
            head = (head + 1) & (capacity - 1)
            base += 1
            span -= 1
        }
        // Trailing empties past the newest value.
        while span > 0 && storage[(head + span - 1) & (capacity - 1)] == nil { span -= 1 }
    }

    /// Removes the values of every token before `token` (requests already answered).
    @inlinable public func removeAll(before token: Int) {
        while span > 0 && base < token {
            storage[head] = nil
            head = (head + 1) & (capacity - 1)
            base += 1
            span -= 1
            while span > 0 && storage[head] == nil && base < token {
                head = (head + 1) & (capacity - 1)
                base += 1
                span -= 1
            }
        }
        while span > 0 && storage[head] == nil {
            head = (head + 1) & (capacity - 1)
            base += 1
            span -= 1
        }
    }

    /// Removes every value.
    @inlinable public func removeAll() {
        for i in 0..<capacity { storage[i] = nil }
        span = 0
    }

    @usableFromInline func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newStorage = UnsafeMutablePointer<Value?>.allocate(capacity: newCapacity)
        newStorage.initialize(repeating: nil, count: newCapacity)
        for i in 0..<span {
            newStorage[i] = (storage + ((head + i) & (capacity - 1))).move()
            (storage + ((head + i) & (capacity - 1))).initialize(to: nil)
        }
        storage.deinitialize(count: capacity)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
        head = 0
    }
}
