/// A command's ACL categories (`@read`, `@string`, ...), as Redis 7.0 lists them.
///
/// The bits are declared in Redis's category order, so ``names`` renders a set exactly as
/// `COMMAND INFO` does.
public struct ACLCategories: RedisNamedSet, Sendable, Hashable {
    /// The bits.
    public let rawValue: UInt32

    /// Creates a set from its bits.
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `@keyspace`
    public static let keyspace = ACLCategories(rawValue: 1 << 0)
    /// `@read`
    public static let read = ACLCategories(rawValue: 1 << 1)
    /// `@write`
    public static let write = ACLCategories(rawValue: 1 << 2)
    /// `@set`
    public static let set = ACLCategories(rawValue: 1 << 3)
    /// `@sortedset`
    public static let sortedSet = ACLCategories(rawValue: 1 << 4)
    /// `@list`
    public static let list = ACLCategories(rawValue: 1 << 5)
    /// `@hash`
    public static let hash = ACLCategories(rawValue: 1 << 6)
    /// `@string`
    public static let string = ACLCategories(rawValue: 1 << 7)
    /// `@bitmap`
    public static let bitmap = ACLCategories(rawValue: 1 << 8)
    /// `@hyperloglog`
    public static let hyperloglog = ACLCategories(rawValue: 1 << 9)
    /// `@geo`
    public static let geo = ACLCategories(rawValue: 1 << 10)
    /// `@stream`
    public static let stream = ACLCategories(rawValue: 1 << 11)
    /// `@pubsub`
    public static let pubsub = ACLCategories(rawValue: 1 << 12)
    /// `@admin`
    public static let admin = ACLCategories(rawValue: 1 << 13)
    /// `@fast`
    public static let fast = ACLCategories(rawValue: 1 << 14)
    /// `@slow`
    public static let slow = ACLCategories(rawValue: 1 << 15)
    /// `@blocking`
    public static let blocking = ACLCategories(rawValue: 1 << 16)
    /// `@dangerous`
    public static let dangerous = ACLCategories(rawValue: 1 << 17)
    /// `@connection`
    public static let connection = ACLCategories(rawValue: 1 << 18)
    /// `@transaction`
    public static let transaction = ACLCategories(rawValue: 1 << 19)
    /// `@scripting`
    public static let scripting = ACLCategories(rawValue: 1 << 20)

    /// Every category with its name, in Redis's order.
    public static let names: [(member: ACLCategories, name: String)] = [
        (.keyspace, "@keyspace"), (.read, "@read"), (.write, "@write"), (.set, "@set"),
        (.sortedSet, "@sortedset"), (.list, "@list"), (.hash, "@hash"), (.string, "@string"),
        (.bitmap, "@bitmap"), (.hyperloglog, "@hyperloglog"), (.geo, "@geo"), (.stream, "@stream"),
        (.pubsub, "@pubsub"), (.admin, "@admin"), (.fast, "@fast"), (.slow, "@slow"),
        (.blocking, "@blocking"), (.dangerous, "@dangerous"), (.connection, "@connection"),
        (.transaction, "@transaction"), (.scripting, "@scripting"),
    ]
}
