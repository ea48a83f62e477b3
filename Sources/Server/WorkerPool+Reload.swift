import Backend

extension WorkerPool {
    /// What makes a backend connection reusable by the pool a reload builds: the same
    /// protocol side, the same shard label (ring name and node address) and the same slot
    /// among `server_connections`.
    struct ConnectionKey: Hashable {
        var protocolIndex: Int
        var label: String
        var slot: Int
    }

    /// Every connection of this pool (both protocols, every shard and slot).
    var allConnections: [BackendConnection] {
        backends.flatMap { $0.flatMap { $0 } }
    }

    /// This pool's dedicated connections, for the pool a reload builds from `next`, if
    /// they stay valid: the same shards (labels, in order) and the same setup commands.
    func carryDedicated(to next: PoolSnapshot) -> DedicatedPool? {
        guard snapshot.shardLabels == next.shardLabels, snapshot.setupCommands == next.setupCommands,
              snapshot.setupCommandsRESP3 == next.setupCommandsRESP3 else { return nil }
        dedicated.adopt(next)
        return dedicated
    }

    /// The connections a pool built from `next` may take over. A connection's setup
    /// commands (AUTH, SELECT, HELLO 3) are fixed when it opens, so a protocol side whose
    /// setup changed carries nothing over and its connections drain instead.
    func reusableConnections(for next: PoolSnapshot) -> [ConnectionKey: BackendConnection] {
        let setups = [(snapshot.setupCommands, next.setupCommands), (snapshot.setupCommandsRESP3, next.setupCommandsRESP3)]
        var result: [ConnectionKey: BackendConnection] = [:]
        for (protocolIndex, shards) in backends.enumerated() where setups[protocolIndex].0 == setups[protocolIndex].1 {
            for (shard, connections) in shards.enumerated() {
                for (slot, connection) in connections.enumerated() {
                    result[ConnectionKey(protocolIndex: protocolIndex, label: snapshot.shardLabels[shard], slot: slot)] = connection
                }
            }
        }
        return result
    }
}
