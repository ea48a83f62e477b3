/// One server as a pool's ring sees it.
public struct RingNode: Sendable, Equatable {
    /// The ketama name hashed into ring points; built by Config from the server line (twemproxy's naming rule).
    public var name: String
    /// The server's weight from its `host:port:weight` line; twemproxy requires it
    /// to be positive, and nodes whose weight is not positive get no share here.
    public var weight: Int
    /// What lookups return for this node, typically its position in the pool's
    /// full server list (so ejected servers leave gaps rather than renumbering).
    public var index: Int

    /// Creates a ring node.
    ///
    /// - Parameters:
    ///   - name: The ketama name.
    ///   - weight: The server's weight.
    ///   - index: The value lookups return for this node.
    public init(name: String, weight: Int, index: Int) {
        self.name = name
        self.weight = weight
        self.index = index
    }
}
