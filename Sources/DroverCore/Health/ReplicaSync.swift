/// When a replica may serve reads: only while it holds the shard's current data.
///
/// ```
///   INFO replication says role:slave, master_link_status:up, and the same
///   master_replid as the shard's primary reports              -> in sync
///   anything else (link down, syncing, promoted, unreachable,
///   still attached to the primary's previous incarnation)       -> not in sync
///   the shard's primary comes back (it may have restarted empty) -> not in sync until checked
///   a failover node takes the shard's writes                    -> not in sync until checked
///   the replica itself was down                                  -> not in sync until checked
/// ```
/// While the primary is down and no failover node took over, nothing newer than the
/// replicas' data exists anywhere: they keep serving reads (that is what `prefer-primary`
/// is for) and are not checked, since their link is down by necessity.
public enum ReplicaSync {
    /// Whether a replica's `INFO replication` shows it attached to its primary, done
    /// syncing, and following the primary's current replication history (a primary that
    /// restarted has a new `master_replid`; a replica that has not yet noticed still
    /// reports its link up, with the old one).
    ///
    /// - Parameters:
    ///   - replica: The replica's `INFO replication`.
    ///   - primary: The shard primary's `INFO replication`, taken just before.
    public static func isInSync(replica: String, primary: String) -> Bool {
        let copy = fields(replica), source = fields(primary)
        guard copy["role"] == "slave", copy["master_link_status"] == "up", source["role"] == "master",
              let id = source["master_replid"] else { return false }
        return copy["master_replid"] == id
    }

    private static func fields(_ text: String) -> [Substring: Substring] {
        var result: [Substring: Substring] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[line[..<colon]] = line[line.index(after: colon)...]
        }
        return result
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
