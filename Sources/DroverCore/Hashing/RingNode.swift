/// One server as a pool's ring sees it.
public struct RingNode: Sendable, Equatable {
    /// The ketama name hashed into ring points; see ``ketamaName(host:port:name:)``.
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

    /// The name twemproxy hashes for a server line `host:port:weight [name]`.
    ///
    /// A given name wins. Otherwise it is `host:port` with both parts exactly as
    /// written in the file, or just `host` when the port is 11211 (kept for
    /// libmemcached compatibility).
    ///
    /// - Parameters:
    ///   - host: The host text as written.
    ///   - port: The port text as written (`"06379"` stays `"06379"`).
    ///   - name: The optional name after the weight.
    /// - Returns: The ketama name.
    public static func ketamaName(host: String, port: String, name: String?) -> String {
        if let name, !name.isEmpty {
            return name
        }
        let memcachedPort = 11211
        return Int(port) == memcachedPort ? host : host + ":" + port
    }
}
