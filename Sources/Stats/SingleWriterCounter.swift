import Synchronization

extension Atomic where Value == Int {
    /// Adds `amount` with a relaxed load and a relaxed store: no read-modify-write
    /// instruction, no lock, no fence — on x86-64 a plain load and store.
    ///
    /// Correct only when one thread (the owning worker) ever writes the counter; readers on
    /// other threads see some recent value. Counters written by several threads use
    /// `wrappingAdd` instead.
    @inlinable @inline(__always)
    public func increment(by amount: Int = 1) {
        store(load(ordering: .relaxed) &+ amount, ordering: .relaxed)
    }

    /// The current value, for a reader on any thread.
    @inlinable @inline(__always)
    public var value: Int { load(ordering: .relaxed) }
}
