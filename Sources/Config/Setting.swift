/// One documented configuration key: the rows of drover's settings table.
///
/// The same list that documents the keys decides which keys the parser accepts, so the
/// documentation cannot drift from what the parser does (see ``Settings``).
public struct Setting: Sendable, Equatable {
    /// Where in the file a key is written.
    public enum Scope: String, Sendable, CaseIterable {
        /// At the top level of the file, beside the pools.
        case global = "top level"
        /// Inside a pool.
        case pool
        /// Inside a pool's `compression:` mapping.
        case compression
        /// Inside one entry of a pool's `shards:` list.
        case shard
    }

    /// How a changed value takes effect.
    public enum Apply: String, Sendable {
        /// A SIGHUP reload applies it; clients stay connected.
        case reload = "SIGHUP"
        /// Only a restart applies it; a reload keeps the running value and logs a warning.
        case restart
    }

    /// The key as written in the file.
    public var name: String
    /// Where the key is written.
    public var scope: Scope
    /// The value's type and unit, for people.
    public var type: String
    /// The value used when the key is absent, for people.
    public var defaultValue: String
    /// Whether SIGHUP can apply a change.
    public var apply: Apply
    /// Whether twemproxy's nutcracker.yml has the key (with the same meaning).
    public var fromTwemproxy: Bool
    /// One line saying what the key does.
    public var summary: String

    /// The key as it appears in the settings table: `name`, `compression.name` or `shards[].name`.
    public var qualifiedName: String {
        switch scope {
        case .global, .pool: name
        case .compression: "compression.\(name)"
        case .shard: "shards[].\(name)"
        }
    }
}
