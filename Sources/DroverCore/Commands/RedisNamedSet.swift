/// An option set whose members Redis prints by name in a fixed order (command flags, ACL
/// categories, key-spec flags).
public protocol RedisNamedSet: OptionSet where Element == Self {
    /// Every member with its Redis name, in the order Redis prints them.
    static var names: [(member: Self, name: String)] { get }
}

extension RedisNamedSet {
    /// The Redis names of the members in this set, in Redis's order.
    public var nameList: [String] { Self.names.filter { contains($0.member) }.map(\.name) }
}
