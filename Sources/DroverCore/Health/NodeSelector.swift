/// What a request does on its shard, for choosing the node that serves it.
public enum NodeAccess: Sendable, Equatable {
    /// A write, or a read that must see the client's own recent write: the primary, else
    /// the first usable failover node.
    case write
    /// A read, served per the pool's read policy.
    case read(ReadPolicy)
    /// A read by a client that just wrote to the shard (`read_your_writes`): the nodes a
    /// write would go to first, then the read policy's.
    case readPinned(ReadPolicy)
}

/// Chooses which node of a shard serves a request.
///
/// ```
///   access            candidates, first usable one wins
///   write, primary    primary, failover...
///   pinned read       primary, failover..., then as its read policy
///   prefer-primary    primary, replicas (rotated), failover...
///   replica           replicas (rotated)                    (a shard without replicas: as primary)
///   prefer-replica    replicas (rotated), primary, failover...
///   any               primary and replicas (rotated), failover...
/// ```
/// While the primary is down and a failover node is up, every request goes to the failover
/// node: it took the writes since, so the dead primary's replicas would read stale values.
/// A replica serves reads only while it is in sync (`replicaInSync`).
/// "Rotated" starts at `spread` modulo their number, so different clients spread over the
/// replicas while each client keeps reading from the same one (no reads going back in
/// time between two replicas that lag differently).
public enum NodeSelector {
    /// The node to send to, or nil if no candidate is usable (the shard is down for this
    /// access).
    ///
    /// - Parameters:
    ///   - shard: The shard's nodes.
    ///   - access: Write, or read with a policy.
    ///   - spread: Any non-negative number that differs between clients (the client id).
    ///   - tried: Nodes this request already failed on; skipped.
    ///   - isUsable: Whether a node is up or suspect.
    ///   - replicaInSync: Whether a replica may serve reads: it was last seen replicating
    ///     the shard's current data (see `ReplicaSync`).
    @inlinable
    public static func choose(_ shard: PoolTopology.Shard, access: NodeAccess, spread: Int,
                              tried: NodeSet = .empty, isUsable: (Int) -> Bool,
                              replicaInSync: (Int) -> Bool = { _ in true }) -> Int? {
        // While failed over, the failover node holds the shard's latest writes and the
        // replicas only the dead primary's data: reads follow the writes there.
        if !shard.failover.isEmpty && !isUsable(shard.primary) {
            for node in shard.failover where isUsable(node) && !tried.contains(node) { return node }
        }
        var found: Int? = nil
        visitCandidates(shard, access: access, spread: spread) { node in
            if isUsable(node) && !tried.contains(node) && (!shard.replicas.contains(node) || replicaInSync(node)) {
                found = node
                return true
            }
            return false
        }
        return found
    }

    /// Every candidate in order, until `visit` returns true.
    @usableFromInline
    static func visitCandidates(_ shard: PoolTopology.Shard, access: NodeAccess, spread: Int,
                                _ visit: (Int) -> Bool) {
        func rotated(_ nodes: [Int]) -> Bool {
            if nodes.isEmpty { return false }
            let start = spread % nodes.count
            for i in 0..<nodes.count where visit(nodes[(start + i) % nodes.count]) { return true }
            return false
        }
        func failover() -> Bool {
            for node in shard.failover where visit(node) { return true }
            return false
        }
        let policy: ReadPolicy
        switch access {
        case .write:
            policy = .primary
        case .read(let read):
            policy = shard.replicas.isEmpty ? .primary : read
        case .readPinned(let read):
            if visit(shard.primary) || failover() { return }
            policy = shard.replicas.isEmpty ? .primary : read
        }
        switch policy {
        case .primary:
            if visit(shard.primary) { return }
            _ = failover()
        case .preferPrimary:
            if visit(shard.primary) || rotated(shard.replicas) { return }
            _ = failover()
        case .replica:
            _ = rotated(shard.replicas)
        case .preferReplica:
            if rotated(shard.replicas) || visit(shard.primary) { return }
            _ = failover()
        case .any:
            // The primary and the replicas as one list: position 0 is the primary.
            let count = shard.replicas.count + 1
            let start = spread % count
            for i in 0..<count {
                let position = (start + i) % count
                if visit(position == 0 ? shard.primary : shard.replicas[position - 1]) { return }
            }
            _ = failover()
        }
    }

    /// The candidates in order (for tests and logs).
    public static func candidates(_ shard: PoolTopology.Shard, access: NodeAccess, spread: Int) -> [Int] {
        var all: [Int] = []
        visitCandidates(shard, access: access, spread: spread) { all.append($0); return false }
        return all
    }
}
