import DroverCore
import Testing

@Suite struct ShardServiceTests {
    let topology = PoolTopology(shards: [
        PoolTopology.Shard(primary: 0, replicas: [3], failover: [4]),
        PoolTopology.Shard(primary: 1),
        PoolTopology.Shard(primary: 2),
    ])

    @Test func primaryThenFailoverThenEjectedOrDown() {
        let shard = topology.shards[0]
        #expect(ShardService.of(shard, autoEject: false) { _ in true } == .primary)
        #expect(ShardService.of(shard, autoEject: false) { $0 != 0 } == .failover(node: 4))
        #expect(ShardService.of(shard, autoEject: false) { $0 == 3 } == .down, "a replica alone does not take writes")
        #expect(ShardService.of(shard, autoEject: true) { $0 == 3 } == .ejected)
    }

    @Test func onlyShardsWithoutAUsableWriteNodeAreEjected() {
        let down: Set<Int> = [0, 1]
        #expect(ShardService.ejectedShards(topology, autoEject: true) { !down.contains($0) } == [1],
                "shard 0 fails over instead")
        #expect(ShardService.ejectedShards(topology, autoEject: false) { !down.contains($0) }.isEmpty)
    }

    /// twemproxy's semantics: an ejected shard's keys remap, every other key stays put.
    @Test func ejectingAShardMovesOnlyItsKeys() {
        let nodes = (0..<3).map { RingNode(name: "s\($0)", weight: 1, index: $0) }
        let full = ShardMap(hash: .fnv1a_64, hashTag: nil, distribution: .ketama, nodes: nodes, shardCount: 3)
        let live = ShardMap(hash: .fnv1a_64, hashTag: nil, distribution: .ketama,
                            nodes: ShardService.liveRing(nodes, ejected: [1]), shardCount: 3)
        var moved = 0
        for i in 0..<3000 {
            let key = "key:\(i)"
            let before = full.shard(of: key)!
            let after = live.shard(of: key)!
            #expect(after != 1, "no key maps to the ejected shard")
            if before == 1 { moved += 1 } else { #expect(after == before, "\(key) moved off a live shard") }
        }
        #expect(moved > 500, "the ejected shard's keys went elsewhere")
    }
}
