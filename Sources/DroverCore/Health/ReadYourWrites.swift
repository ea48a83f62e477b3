/// Keeps a client's reads of a shard on the node that took its writes, for a short window
/// after each write (`read_your_writes`).
///
/// ```
///   SET k v  (shard 1, t=0)  ──► reads of shard 1 go to its primary until t=window
///   GET k    (shard 1, t<window)  primary       GET x (shard 2)  per read_policy
/// ```
/// Replicas apply writes a little later than their primary; without this a client could
/// write a value and read the old one back from a replica. Per client and per shard, not
/// per key: cheap, and a little more conservative than needed.
public struct ReadYourWrites: Sendable {
    /// How long reads stay pinned after a write, in nanoseconds; 0 is off.
    public let windowNs: Int64
    /// Per shard: reads are pinned until this time (grown on the first write).
    private var pinnedUntil: [Int64] = []

    /// - Parameter windowNs: the window; 0 turns pinning off.
    public init(windowNs: Int64) {
        self.windowNs = max(0, windowNs)
    }

    /// Whether writes pin reads at all.
    @inlinable public var isEnabled: Bool { windowNs > 0 }

    /// Records a write to `shard` at `now` (monotonic nanoseconds).
    public mutating func wrote(shard: Int, now: Int64) {
        guard isEnabled, shard >= 0 else { return }
        if shard >= pinnedUntil.count {
            pinnedUntil += repeatElement(Int64.min, count: shard + 1 - pinnedUntil.count)
        }
        pinnedUntil[shard] = now &+ windowNs
    }

    /// Whether a read of `shard` at `now` must go to the primary.
    public func isPinned(shard: Int, now: Int64) -> Bool {
        shard >= 0 && shard < pinnedUntil.count && now < pinnedUntil[shard]
    }
}
