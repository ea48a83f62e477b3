extension ErrorText {
    /// No node of the shard can serve the request.
    public static func shardDown(_ name: String) -> String {
        "ERR drover: shard '\(name)' is down"
    }

    /// `read_policy: replica` and none of the shard's replicas is up.
    public static func noReplicaUp(_ name: String) -> String {
        "ERR drover: no replica of shard '\(name)' is up (read_policy: replica)"
    }
}
