import Testing
@testable import DroverCore

struct ContinuumTests {
    /// twemproxy src/test_all.c: ketama_hash("server1-8", 0) and (…, 3).
    @Test(arguments: [(0, UInt32(3_853_726_576)), (3, 2_667_054_752)])
    func ketamaHashGolden(alignment: Int, expected: UInt32) {
        let words = Array("server1-8".utf8).withUnsafeBytes { MD5.digestWords($0) }
        let all = [words.0, words.1, words.2, words.3]
        #expect(all[alignment] == expected)
    }

    /// Group 8 of a node named "server1" is hashed from "server1-8", so those
    /// golden values must be points of that node.
    @Test func ketamaPointsIncludeGoldenValues() {
        let continuum = Continuum(nodes: [RingNode(name: "server1", weight: 1, index: 0)], distribution: .ketama)
        let values = Set(continuum.points.map(\.value))
        #expect(values.contains(3_853_726_576))
        #expect(values.contains(2_667_054_752))
        #expect(continuum.points.count == 160)
    }

    @Test func pointCountsFollowFloat32() {
        // Equal weights: 160 each.
        #expect(Continuum.ketamaPointCount(weight: 1, totalWeight: 3, liveCount: 3) == 160)
        #expect(Continuum.ketamaPointCount(weight: 5, totalWeight: 5, liveCount: 1) == 160)
        // Weights 1, 2, 3.
        #expect(Continuum.ketamaPointCount(weight: 1, totalWeight: 6, liveCount: 3) == 80)
        #expect(Continuum.ketamaPointCount(weight: 2, totalWeight: 6, liveCount: 3) == 160)
        #expect(Continuum.ketamaPointCount(weight: 3, totalWeight: 6, liveCount: 3) == 240)
        // 1/25 over 5 servers is exactly 8 groups but 7.9999995 in Float32;
        // 6/25 is exactly 48 but 47.999996 (exact arithmetic: 32 and 192 points).
        #expect(Continuum.ketamaPointCount(weight: 1, totalWeight: 25, liveCount: 5) == 28)
        #expect(Continuum.ketamaPointCount(weight: 6, totalWeight: 25, liveCount: 5) == 188)
    }

    @Test func ketamaPointsAreSortedAndCounted() {
        let nodes = [1, 6, 6, 6, 6].enumerated().map { RingNode(name: "d\($0.offset)", weight: $0.element, index: $0.offset) }
        let points = Continuum(nodes: nodes, distribution: .ketama).points
        #expect(points.count == 28 + 4 * 188)
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.value <= $1.value })
        #expect(points.filter { $0.index == 0 }.count == 28)
    }

    @Test func ketamaLowerBoundWrapsAround() {
        let continuum = Continuum(nodes: [
            RingNode(name: "a", weight: 1, index: 7),
            RingNode(name: "b", weight: 1, index: 9),
        ], distribution: .ketama)
        let points = continuum.points
        let first = points[0]
        let last = points[points.count - 1]
        #expect(continuum.node(for: 0) == first.index)
        #expect(continuum.node(for: first.value) == first.index)
        #expect(continuum.node(for: last.value) == last.index)
        #expect(continuum.node(for: UInt32.max) == (last.value == UInt32.max ? last.index : first.index))
        // A hash just above a point belongs to the next point.
        #expect(continuum.node(for: points[10].value + 1) == points[11].index)
        #expect(Set(points.map(\.index)) == [7, 9])
    }

    @Test func modulaSlotsRepeatByWeight() {
        let continuum = Continuum(nodes: [
            RingNode(name: "a", weight: 1, index: 0),
            RingNode(name: "b", weight: 2, index: 1),
            RingNode(name: "c", weight: 3, index: 4),
        ], distribution: .modula)
        #expect(continuum.points.map(\.index) == [0, 1, 1, 4, 4, 4])
        #expect(continuum.node(for: 0) == 0)
        #expect(continuum.node(for: 2) == 1)
        #expect(continuum.node(for: 5) == 4)
        #expect(continuum.node(for: 6) == 0)
        #expect(continuum.node(for: UInt32.max) == [0, 1, 1, 4, 4, 4][Int(UInt32.max % 6)])
    }

    @Test func randomIgnoresKeyAndWeight() {
        let continuum = Continuum(nodes: [
            RingNode(name: "a", weight: 1, index: 2),
            RingNode(name: "b", weight: 100, index: 5),
        ], distribution: .random)
        #expect(continuum.points.map(\.index) == [2, 5])
        var seen: [Int: Int] = [:]
        for _ in 0..<400 {
            seen[continuum.node(for: 42)!, default: 0] += 1
        }
        #expect(Set(seen.keys) == [2, 5])
        #expect(seen[2]! > 100 && seen[5]! > 100)
    }

    @Test(arguments: Distribution.allCases)
    func noLiveNodesGivesNil(distribution: Distribution) {
        let continuum = Continuum(nodes: [], distribution: distribution)
        #expect(continuum.node(for: 123) == nil)
        #expect(continuum.points.isEmpty)
        let key: [UInt8] = Array("k".utf8)
        #expect(key.withUnsafeBytes { continuum.node(forKey: $0, hashFunction: .md5, hashTag: nil) } == nil)
    }

    @Test func singleNodeOwnsEverything() {
        for distribution in Distribution.allCases {
            let continuum = Continuum(nodes: [RingNode(name: "only", weight: 3, index: 4)], distribution: distribution)
            #expect([0, 1, 0x8000_0000, UInt32.max].allSatisfy { continuum.node(for: $0) == 4 })
        }
    }

    @Test func longKetamaNamesAreTruncatedLikeSnprintf() {
        let name = String(repeating: "n", count: 84)
        // "name-0" is 86 bytes: twemproxy hashes 85 bytes of text and the NUL.
        let bytes = Continuum.ketamaNameBytes(name, group: 0)
        #expect(bytes.count == 86)
        #expect(Array(bytes[0..<84]) == Array(name.utf8))
        #expect(bytes[84] == UInt8(ascii: "-"))
        #expect(bytes[85] == 0)
        #expect(Continuum.ketamaNameBytes("s0", group: 12) == Array("s0-12".utf8))
    }
}
