/// Which nodes of a shard serve reads (`read_policy`).
public enum ReadPolicy: String, Sendable, CaseIterable {
    /// Reads go to the primary only.
    case primary
    /// The primary while it is healthy, else a healthy replica.
    case preferPrimary = "prefer-primary"
    /// Healthy replicas only.
    case replica
    /// Healthy replicas, else the primary.
    case preferReplica = "prefer-replica"
    /// Any healthy node of the shard.
    case any
}
