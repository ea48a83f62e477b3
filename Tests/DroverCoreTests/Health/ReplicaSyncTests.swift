import DroverCore
import Testing

@Suite struct ReplicaSyncTests {
    @Test func aReplicaIsInSyncOnlyWhenItsLinkIsUp() {
        let up = "# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7001\r\nmaster_link_status:up\r\n"
        #expect(ReplicaSync.isInSync(infoReplication: up))
        #expect(!ReplicaSync.isInSync(infoReplication: up.replacing("status:up", with: "status:down")))
        #expect(!ReplicaSync.isInSync(infoReplication: "# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"),
                "a promoted replica follows no primary")
        #expect(!ReplicaSync.isInSync(infoReplication: ""))
    }

    @Test func whenReplicasMustBeCheckedAgain() {
        #expect(ReplicaSync.replicasNeedCheck(from: .primary, to: .failover(node: 3)), "writes go where replicas do not see them")
        #expect(ReplicaSync.replicasNeedCheck(from: .down, to: .primary), "the primary may have restarted empty")
        #expect(ReplicaSync.replicasNeedCheck(from: .failover(node: 3), to: .primary))
        #expect(!ReplicaSync.replicasNeedCheck(from: .primary, to: .down), "nothing newer exists anywhere")
        #expect(ReplicaSync.isCheckable(.primary))
        #expect(!ReplicaSync.isCheckable(.down), "their link is down by necessity")
    }
}

@Suite struct FailbackTests {
    let topology = PoolTopology(shards: [
        PoolTopology.Shard(primary: 0, replicas: [5], failover: [3, 4]),
        PoolTopology.Shard(primary: 1, failover: [3]),
        PoolTopology.Shard(primary: 2),
    ])

    @Test func holdersAreWhereTheShardsWritesWentWhileAway() {
        #expect(Failback.holders(of: 0, in: topology, failedOver: false, ejected: false).isEmpty)
        #expect(Failback.holders(of: 0, in: topology, failedOver: true, ejected: false) == [3, 4])
        #expect(Failback.holders(of: 2, in: topology, failedOver: false, ejected: true) == [0, 1],
                "ejected: the other shards' primaries")
        #expect(Failback.holders(of: 1, in: topology, failedOver: true, ejected: true) == [3, 0, 2])
    }
}
