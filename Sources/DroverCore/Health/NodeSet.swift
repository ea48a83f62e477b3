/// The nodes one request has already tried, kept inline (no allocation, no reference
/// counting): at most ``capacity``; a request that has tried that many gives up.
public struct NodeSet: Sendable, Equatable {
    /// How many nodes fit.
    public static let capacity = 8
    @usableFromInline var nodes: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32) = (-1, -1, -1, -1, -1, -1, -1, -1)
    @usableFromInline var count = 0

    public init() {}

    /// The empty set.
    public static let empty = NodeSet()

    public var isEmpty: Bool { count == 0 }

    /// Whether no more nodes fit.
    public var isFull: Bool { count == Self.capacity }

    @inlinable public func contains(_ node: Int) -> Bool {
        if count == 0 { return false }
        let n = Int32(truncatingIfNeeded: node)
        return withUnsafeBytes(of: nodes) { raw in
            let all = raw.bindMemory(to: Int32.self)
            for i in 0..<count where all[i] == n { return true }
            return false
        }
    }

    /// Adds `node` (nothing if full or present).
    public mutating func insert(_ node: Int) {
        guard !isFull, !contains(node) else { return }
        let n = Int32(truncatingIfNeeded: node)
        let index = count
        withUnsafeMutableBytes(of: &nodes) { raw in raw.bindMemory(to: Int32.self)[index] = n }
        count += 1
    }

    public static func == (a: NodeSet, b: NodeSet) -> Bool {
        guard a.count == b.count else { return false }
        return (0..<a.count).allSatisfy { i in
            withUnsafeBytes(of: a.nodes) { $0.bindMemory(to: Int32.self)[i] } == withUnsafeBytes(of: b.nodes) { $0.bindMemory(to: Int32.self)[i] }
        }
    }
}
