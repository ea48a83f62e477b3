/// When a replica may serve reads: only while it holds the shard's current data.
///
/// ```
///   INFO replication says role:slave and master_link_status:up  -> in sync
///   anything else (link down, syncing, promoted, unreachable)   -> not in sync
///   the shard's primary comes back (it may have restarted empty) -> not in sync until checked
///   a failover node takes the shard's writes                    -> not in sync until checked
///   the replica itself was down                                  -> not in sync until checked
/// ```
/// While the primary is down and no failover node took over, nothing newer than the
/// replicas' data exists anywhere: they keep serving reads (that is what `prefer-primary`
/// is for) and are not checked, since their link is down by necessity.
public enum ReplicaSync {
    /// Whether an `INFO replication` reply shows a replica attached to its primary and done
    /// syncing.
    public static func isInSync(infoReplication text: String) -> Bool {
        var role: Substring?
        var link: Substring?
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("role:") { role = line.dropFirst(5) }
            if line.hasPrefix("master_link_status:") { link = line.dropFirst(19) }
        }
        return role == "slave" && link == "up"
    }

    /// Whether a shard's replicas must be checked again before they serve reads, after its
    /// service changed from `old` to `new`: the primary came back (possibly empty) or a
    /// failover node took writes the replicas never see.
    public static func replicasNeedCheck(from old: ShardService, to new: ShardService) -> Bool {
        switch new {
        case .failover: return true
        case .primary: return old != .primary
        case .ejected, .down: return false
        }
    }

    /// Whether a replica of a shard served by `service` is checked (and may be declared in
    /// sync): only while its primary serves the shard.
    public static func isCheckable(_ service: ShardService) -> Bool {
        service == .primary
    }
}
