/// twemproxy's continuum for one pool: which server owns a key hash.
///
/// Build it from the LIVE servers only; the caller leaves ejected ones out and
/// rebuilds when the live set changes, as twemproxy does. Lookups return each
/// node's ``RingNode/index``, so indexes stay stable across ejections.
///
/// ```
///  ketama   sorted points (value, node)          hash -> first point >= hash,
///           0 ......p1....p2.......p3...... max          past the last: the first
///  modula   one slot per unit of weight          hash % slots
///           [s0][s1][s1][s2][s2][s2]
///  random   one slot per node, weights ignored   a random slot, key ignored
/// ```
public struct Continuum: Sendable {
    /// One ring point, or one slot for modula and random.
    struct Entry: Sendable {
        var value: UInt32
        var index: Int32
    }

    /// How this continuum maps hashes.
    public let distribution: Distribution
    /// Ketama: points sorted by value. Modula and random: slots in server order.
    let entries: [Entry]

    /// Builds the continuum twemproxy would build for `nodes`.
    ///
    /// - Parameters:
    ///   - nodes: The live servers, in the order of the pool's server list.
    ///   - distribution: How hashes map to nodes.
    public init(nodes: [RingNode], distribution: Distribution) {
        precondition(nodes.allSatisfy { Int32(exactly: $0.index) != nil }, "ring node index out of range")
        self.distribution = distribution
        switch distribution {
        case .ketama:
            entries = Continuum.ketamaPoints(nodes.filter { $0.weight > 0 })
        case .modula:
            entries = nodes.flatMap { node in
                repeatElement(Entry(value: 0, index: Int32(node.index)), count: max(node.weight, 0))
            }
        case .random:
            entries = nodes.map { Entry(value: 0, index: Int32($0.index)) }
        }
    }

    /// The points (ketama) or slots (modula, random), for tests and inspection.
    public var points: [(value: UInt32, index: Int)] {
        entries.map { (value: $0.value, index: Int($0.index)) }
    }

    /// The node that owns `hash`.
    ///
    /// For random distribution the hash is ignored and a node is drawn with the
    /// system generator; use ``node(for:using:)`` to supply a cheaper one.
    ///
    /// - Parameter hash: The key's hash from `HashFunction.hash(_:)`.
    /// - Returns: The owner's ``RingNode/index``, or `nil` when there are no nodes.
    @inline(__always)
    public func node(for hash: UInt32) -> Int? {
        var generator = SystemRandomNumberGenerator()
        return node(for: hash, using: &generator)
    }

    /// The node that owns `hash`, drawing from `generator` for random distribution.
    ///
    /// - Parameters:
    ///   - hash: The key's hash.
    ///   - generator: Used only by random distribution.
    /// - Returns: The owner's ``RingNode/index``, or `nil` when there are no nodes.
    public func node<Generator: RandomNumberGenerator>(for hash: UInt32, using generator: inout Generator) -> Int? {
        entries.withUnsafeBufferPointer { slots -> Int? in
            guard !slots.isEmpty else { return nil }
            switch distribution {
            case .ketama:
                return Int(slots[Continuum.lowerBound(of: hash, in: slots) % slots.count].index)
            case .modula:
                return Int(slots[Int(hash % UInt32(truncatingIfNeeded: slots.count))].index)
            case .random:
                return Int(slots[Int.random(in: 0..<slots.count, using: &generator)].index)
            }
        }
    }

    /// The node that owns `key`, applying `hashTag` and `hashFunction` first.
    ///
    /// - Parameters:
    ///   - key: The full key.
    ///   - hashFunction: The pool's `hash`.
    ///   - hashTag: The pool's `hash_tag`, if any.
    /// - Returns: The owner's ``RingNode/index``, or `nil` when there are no nodes.
    public func node(forKey key: UnsafeRawBufferPointer, hashFunction: HashFunction, hashTag: HashTag?) -> Int? {
        if distribution == .random {
            return node(for: 0)
        }
        let hashed = hashTag.map { $0.hashedPart(of: key) } ?? key
        return node(for: hashFunction.hash(hashed))
    }

    /// Index of the first entry whose value is >= `hash` (`slots.count` if none).
    @inline(__always)
    static func lowerBound(of hash: UInt32, in slots: UnsafeBufferPointer<Entry>) -> Int {
        var low = 0
        var high = slots.count
        while low < high {
            let middle = low + (high - low) / 2
            if slots[middle].value < hash {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
