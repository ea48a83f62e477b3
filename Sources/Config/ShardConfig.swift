/// One backend Redis node of a shard.
public struct NodeConfig: Sendable, Equatable, Hashable {
    /// Where the node listens.
    public var address: ServerAddress

    /// Creates a node.
    /// - Parameter address: Where the node listens.
    public init(address: ServerAddress) {
        self.address = address
    }
}

/// One position on a pool's hash ring: a primary, its replicas and its failover nodes.
///
/// A twemproxy `servers:` entry becomes a shard with a primary only.
public struct ShardConfig: Sendable, Equatable {
    /// The name hashed onto the ring (ketama). The given name, else twemproxy's rule: the
    /// primary's `host:port` exactly as written, just `host` for port 11211, and `path:`
    /// (path and a colon) for a Unix socket. Unique within a pool.
    public var name: String
    /// The shard's ketama weight (at least 1).
    public var weight: Int
    /// The node that takes writes (and reads, per the pool's read policy).
    public var primary: NodeConfig
    /// Read replicas of the primary, used per the pool's read policy.
    public var replicas: [NodeConfig]
    /// Nodes that take the shard's traffic, first healthy one first, while the primary is down.
    public var failover: [NodeConfig]

    /// Creates a shard.
    ///
    /// - Parameters:
    ///   - name: The ring name.
    ///   - weight: The ketama weight.
    ///   - primary: The primary node.
    ///   - replicas: Read replicas.
    ///   - failover: Failover nodes, in order of preference.
    public init(name: String, weight: Int = 1, primary: NodeConfig,
                replicas: [NodeConfig] = [], failover: [NodeConfig] = []) {
        self.name = name
        self.weight = weight
        self.primary = primary
        self.replicas = replicas
        self.failover = failover
    }

    /// Every node of the shard: primary, replicas, then failover nodes.
    public var nodes: [NodeConfig] {
        [primary] + replicas + failover
    }
}

extension ShardConfig {
    /// Parses one twemproxy `servers:` entry: `host:port:weight [name]` or
    /// `/path/to/socket:weight [name]`.
    static func parseServerLine(_ text: String) throws(ValueProblem) -> ShardConfig {
        let format = "expected 'host:port:weight [name]' or '/path/to/socket:weight [name]'"
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard (1...2).contains(words.count) else {
            throw ValueProblem("'\(text)': \(format)")
        }
        let address = words[0]
        guard let colon = address.lastIndex(of: ":") else {
            throw ValueProblem("'\(text)' has no weight: \(format)")
        }
        let weightText = String(address[address.index(after: colon)...])
        guard !weightText.isEmpty, weightText.allSatisfy(\.isASCIIDigit), let weight = Int(weightText),
              weight >= 1, weight <= Int(Int32.max)
        else {
            throw ValueProblem("'\(text)' has an invalid weight '\(weightText)' (expected a positive integer)")
        }
        let nodeText = String(address[..<colon])
        guard nodeText.hasPrefix("/") || nodeText.contains(":") else {
            throw ValueProblem("'\(text)' has no weight: \(format)")
        }
        let node = try ParsedServerAddress.parse(nodeText)
        return ShardConfig(name: words.count == 2 ? words[1] : node.ketamaName,
                           weight: weight, primary: NodeConfig(address: node.address))
    }
}
