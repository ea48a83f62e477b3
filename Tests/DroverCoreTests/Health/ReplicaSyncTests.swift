import DroverCore
import Testing

@Suite struct ReplicaSyncTests {
    let primary = "# Replication\r\nrole:master\r\nconnected_slaves:1\r\nmaster_replid:aaaa\r\nmaster_replid2:0000\r\n"
    let replica = "# Replication\r\nrole:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:7001\r\n"
        + "master_link_status:up\r\nmaster_replid:aaaa\r\n"

    @Test func aReplicaIsInSyncOnlyWhenItsLinkIsUpWithThePrimarysHistory() {
        #expect(ReplicaSync.isInSync(replica: replica, primary: primary))
        #expect(!ReplicaSync.isInSync(replica: replica.replacing("status:up", with: "status:down"), primary: primary))
        #expect(!ReplicaSync.isInSync(replica: replica, primary: primary.replacing("replid:aaaa", with: "replid:bbbb")),
                "the primary restarted; the replica has not resynced yet")
        #expect(!ReplicaSync.isInSync(replica: primary, primary: primary), "a promoted replica follows no primary")
        #expect(!ReplicaSync.isInSync(replica: "", primary: primary))
        #expect(!ReplicaSync.isInSync(replica: replica, primary: ""))
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
