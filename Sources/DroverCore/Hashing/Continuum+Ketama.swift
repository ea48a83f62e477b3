extension Continuum {
    /// Longest ketama point name twemproxy can hold: it formats `name-k` into an
    /// 86-byte buffer with snprintf, so at most 85 bytes plus the terminator.
    static let ketamaNameCapacity = 85

    /// twemproxy's ketama points for `nodes`, sorted by value.
    ///
    /// Each node gets `floor(share * 40 * liveCount) * 4` points, where share is
    /// its weight over the total (160 at equal weights). Point group `k` of a
    /// node is the MD5 of `"name-k"`, whose four little-endian words give four
    /// points.
    static func ketamaPoints(_ nodes: [RingNode]) -> [Entry] {
        // twemproxy sums weights in a uint32_t.
        let totalWeight = nodes.reduce(UInt32(0)) { $0 &+ UInt32(truncatingIfNeeded: $1.weight) }
        var points: [(entry: Entry, order: Int)] = []
        for node in nodes {
            let groups = ketamaPointCount(weight: node.weight, totalWeight: totalWeight, liveCount: nodes.count) / 4
            for group in 0..<groups {
                let words = ketamaNameBytes(node.name, group: group).withUnsafeBytes { MD5.digestWords($0) }
                for value in [words.0, words.1, words.2, words.3] {
                    points.append((Entry(value: value, index: Int32(node.index)), points.count))
                }
            }
        }
        // glibc's qsort keeps equal values in insertion order; so does this.
        points.sort { ($0.entry.value, $0.order) < ($1.entry.value, $1.order) }
        return points.map(\.entry)
    }

    /// How many points twemproxy gives a node, computed exactly as its C does:
    /// in Float32, left to right, with a double-precision `+ 0.0000000001`.
    ///
    /// The Float32 rounding matters: for weight 1 of a total 25 over 5 servers
    /// exact arithmetic gives 8 groups but Float32 gives 7.9999995, so 28 points.
    static func ketamaPointCount(weight: Int, totalWeight: UInt32, liveCount: Int) -> Int {
        let share = Float(UInt32(truncatingIfNeeded: weight)) / Float(totalWeight)
        var groups = share * Float(160)
        groups = groups / Float(4)
        groups = groups * Float(UInt32(truncatingIfNeeded: liveCount))
        let nudged = Float(Double(groups) + 0.0000000001)
        // floorf, then * 4 in Float: both exact for these small non-negative
        // values, so truncating to an integer first gives the same number.
        guard nudged.isFinite, nudged >= 1, nudged < 16_777_216 else { return 0 }
        return Int(UInt32(nudged)) * 4
    }

    /// The bytes twemproxy hashes for point group `group` of a node.
    ///
    /// Past ``ketamaNameCapacity`` snprintf truncates, yet twemproxy hashes as
    /// many bytes as the untruncated text would have had: for exactly one byte
    /// over that is the terminating NUL; beyond, twemproxy reads past its buffer
    /// (undefined), and this pads with zero bytes. Keep names short.
    static func ketamaNameBytes(_ name: String, group: Int) -> [UInt8] {
        var bytes = Array("\(name)-\(group)".utf8)
        if bytes.count > ketamaNameCapacity {
            let length = bytes.count
            bytes.removeSubrange(ketamaNameCapacity...)
            bytes.append(contentsOf: repeatElement(0, count: length - ketamaNameCapacity))
        }
        return bytes
    }
}
