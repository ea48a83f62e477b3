import Testing
import DroverCore

/// Replays placements recorded from a live nutcracker (see
/// scripts/record-nutcracker-placement.py): same ring inputs, same keys, same owners.
struct NutcrackerPlacementTests {
    @Test func fixtureIsComplete() {
        #expect(NutcrackerPlacementFixture.keys.count == 300)
        #expect(NutcrackerPlacementFixture.pools.count == 76)
        let covered = Set(NutcrackerPlacementFixture.pools.map(\.hash))
        #expect(covered == Set(HashFunction.allCases.map(\.rawValue)))
        #expect(NutcrackerPlacementFixture.pools.allSatisfy {
            $0.placements.count == NutcrackerPlacementFixture.keys.count
        })
    }

    @Test(arguments: NutcrackerPlacementFixture.pools.map(\.name))
    func placesLikeNutcracker(poolName: String) throws {
        let pool = try #require(NutcrackerPlacementFixture.pools.first { $0.name == poolName })
        let hash = try #require(HashFunction(rawValue: pool.hash))
        let distribution = try #require(Distribution(rawValue: pool.distribution))
        let tag = pool.hashTag.map { HashTag($0)! }
        let nodes = pool.servers.enumerated().map {
            RingNode(name: $0.element.name, weight: $0.element.weight, index: $0.offset)
        }
        let continuum = Continuum(nodes: nodes, distribution: distribution)

        var mismatches: [String] = []
        for (key, digit) in zip(NutcrackerPlacementFixture.keys, pool.placements) {
            let expected = digit.wholeNumberValue
            let actual = Array(key.utf8).withUnsafeBytes {
                continuum.node(forKey: $0, hashFunction: hash, hashTag: tag)
            }
            if actual != expected {
                mismatches.append("\(key): nutcracker \(expected ?? -1), drover \(actual ?? -1)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) keys differ, e.g. \(mismatches.prefix(5))")
    }
}
