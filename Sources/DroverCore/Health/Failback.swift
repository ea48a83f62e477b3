/// What must happen before a shard that was away serves again.
///
/// While a shard's primary was down, its writes went to a failover node, or (ejected) to
/// the other shards. Values written there are newer than the primary's, which may have kept
/// its data (it was only frozen, SIGSTOP) — re-admitting it blindly would serve the old
/// values, the stale reads twemproxy's users see after a flap. So before the primary is
/// re-admitted, every key written for its shard elsewhere is deleted there and on the
/// primary: reads then miss, never return a stale value.
///
/// ```
///   primary probe ok ─► away writes? ─no─► re-admit
///                           │ yes
///                           ▼
///        for each holder: SCAN, keys of this shard ─► DEL on the primary, then on the holder
///        (again, until a pass finds none or `maxPasses`) ─► re-admit
/// ```
public enum Failback {
    /// Clean-up passes before re-admitting anyway: writes keep landing on the holders
    /// during the clean-up, and each pass removes what the previous one raced with.
    public static let maxPasses = 4

    /// The nodes that may hold values written for `shard` while it was away.
    ///
    /// - Parameters:
    ///   - failedOver: A failover node served the shard during the outage.
    ///   - ejected: The shard was off the ring during the outage.
    /// - Returns: failover nodes, then the other shards' primaries, without duplicates and
    ///   without the shard's own primary.
    public static func holders(of shard: Int, in topology: PoolTopology, failedOver: Bool, ejected: Bool) -> [Int] {
        var nodes: [Int] = []
        let own = topology.shards[shard].primary
        func add(_ node: Int) { if node != own && !nodes.contains(node) { nodes.append(node) } }
        if failedOver { topology.shards[shard].failover.forEach(add) }
        if ejected {
            for (index, other) in topology.shards.enumerated() where index != shard { add(other.primary) }
        }
        return nodes
    }
}
