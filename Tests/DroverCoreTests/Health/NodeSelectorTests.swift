import DroverCore
import Testing

@Suite struct NodeSelectorTests {
    /// primary 0, replicas 1 and 2, failover 3 and 4.
    let shard = PoolTopology.Shard(primary: 0, replicas: [1, 2], failover: [3, 4])

    func choose(_ access: NodeAccess, spread: Int = 0, down: Set<Int> = [], tried: [Int] = [],
                in shard: PoolTopology.Shard? = nil) -> Int? {
        var set = NodeSet()
        for node in tried { set.insert(node) }
        return NodeSelector.choose(shard ?? self.shard, access: access, spread: spread, tried: set) { !down.contains($0) }
    }

    @Test func writesGoToThePrimaryThenFailoverInOrder() {
        #expect(choose(.write) == 0)
        #expect(choose(.write, down: [0]) == 3)
        #expect(choose(.write, down: [0, 3]) == 4)
        #expect(choose(.write, down: [0, 3, 4]) == nil, "replicas never take writes")
    }

    @Test func eachReadPolicyOrdersItsCandidates() {
        #expect(NodeSelector.candidates(shard, access: .read(.primary), spread: 0) == [0, 3, 4])
        #expect(NodeSelector.candidates(shard, access: .read(.preferPrimary), spread: 0) == [0, 1, 2, 3, 4])
        #expect(NodeSelector.candidates(shard, access: .read(.replica), spread: 0) == [1, 2])
        #expect(NodeSelector.candidates(shard, access: .read(.preferReplica), spread: 1) == [2, 1, 0, 3, 4])
        #expect(NodeSelector.candidates(shard, access: .read(.any), spread: 2) == [2, 0, 1, 3, 4])
        #expect(NodeSelector.candidates(shard, access: .readPinned(.replica), spread: 0) == [0, 3, 4, 1, 2])
    }

    @Test func replicaReadsSpreadOverClientsAndStayPerClient() {
        let chosen = (0..<6).map { choose(.read(.replica), spread: $0) }
        #expect(chosen == [1, 2, 1, 2, 1, 2])
        #expect(choose(.read(.replica), spread: 7) == choose(.read(.replica), spread: 7))
    }

    @Test func downNodesAreSkipped() {
        #expect(choose(.read(.replica), spread: 0, down: [1]) == 2)
        #expect(choose(.read(.replica), down: [1, 2]) == nil, "replica means replicas only")
        #expect(choose(.read(.preferReplica), down: [1, 2]) == 0)
        #expect(choose(.read(.preferPrimary), down: [0, 3, 4]) == 1)
        let noFailover = PoolTopology.Shard(primary: 0, replicas: [1, 2])
        #expect(choose(.read(.preferPrimary), down: [0], in: noFailover) == 1, "a replica reads while the primary is down")
    }

    @Test func whileFailedOverEverythingGoesToTheFailoverNode() {
        // The dead primary's replicas lack the writes the failover node took since.
        #expect(choose(.read(.replica), down: [0]) == 3)
        #expect(choose(.read(.any), spread: 1, down: [0]) == 3)
        #expect(choose(.read(.preferReplica), down: [0, 3]) == 4)
        #expect(choose(.read(.preferReplica), down: [0, 3, 4]) == 1, "no failover node left: replicas still read")
    }

    @Test func triedNodesAreNotChosenAgain() {
        #expect(choose(.write, tried: [0]) == 3, "a write lost on the primary goes to the failover node")
        #expect(choose(.read(.replica), spread: 0, tried: [1]) == 2)
        #expect(choose(.write, tried: [0, 3, 4]) == nil)
    }

    @Test func aShardWithoutReplicasReadsFromItsPrimaryUnderEveryPolicy() {
        let alone = PoolTopology.Shard(primary: 7)
        for policy in ReadPolicy.allCases {
            #expect(choose(.read(policy), in: alone) == 7, "\(policy)")
        }
        #expect(choose(.read(.replica), down: [7], in: alone) == nil)
    }

    @Test func pinnedReadsFallBackToThePolicyWhenNoWriteNodeIsUp() {
        #expect(choose(.readPinned(.replica)) == 0)
        #expect(choose(.readPinned(.replica), down: [0, 3, 4]) == 1)
    }
}

@Suite struct NodeSetTests {
    @Test func keepsFourInlineAndMoreBeyond() {
        var set = NodeSet()
        #expect(set.isEmpty && !set.contains(0))
        for node in [3, 9, 0, 7, 12, 5] { set.insert(node) }
        #expect(!set.isFull)
        for node in 20..<30 { set.insert(node) }
        #expect(set.isFull && set.contains(21) && !set.contains(29), "eight at most")
        set.insert(9)
        for node in [3, 9, 0, 7, 12, 5] { #expect(set.contains(node), "\(node)") }
        for node in [1, 2, 4, 8, -1] { #expect(!set.contains(node), "\(node)") }
    }
}

@Suite struct PoolTopologyTests {
    @Test func nodesAreNumberedOncePerAddressPrimariesFirst() {
        let (topology, nodes) = PoolTopology.numbering([
            (primary: "a", replicas: ["b"], failover: ["s"]),
            (primary: "c", replicas: [], failover: ["s"]),
        ])
        #expect(nodes == ["a", "c", "b", "s"])
        #expect(topology.shards[0] == PoolTopology.Shard(primary: 0, replicas: [2], failover: [3]))
        #expect(topology.shards[1] == PoolTopology.Shard(primary: 1, replicas: [], failover: [3]))
        #expect(topology.nodeCount == 4)
        #expect(topology.hasAlternatives == [true, true])
        #expect(!topology.primariesOnly)
        #expect(topology.hasReplicas)
    }

    @Test func aServersPoolIsPrimariesOnlyWithNodeIEqualShardI() {
        let (topology, nodes) = PoolTopology.numbering([(primary: "x", replicas: [String](), failover: [String]()),
                                                        (primary: "y", replicas: [], failover: [])])
        #expect(nodes == ["x", "y"])
        #expect(topology.shards.map(\.primary) == [0, 1])
        #expect(topology.primariesOnly)
        #expect(!topology.hasReplicas)
    }
}
