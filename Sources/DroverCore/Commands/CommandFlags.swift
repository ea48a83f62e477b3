/// A command's flags, as Redis 7.0's `COMMAND INFO` lists them.
///
/// The bits are declared in the order Redis prints the flags, so ``names`` can render a
/// set exactly as Redis would.
public struct CommandFlags: RedisNamedSet, Sendable, Hashable {
    /// The bits.
    public let rawValue: UInt32

    /// Creates a set from its bits.
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// May modify the data set.
    public static let write = CommandFlags(rawValue: 1 << 0)
    /// Only reads the data set.
    public static let readonly = CommandFlags(rawValue: 1 << 1)
    /// May grow memory use: refused by Redis when over `maxmemory`.
    public static let denyoom = CommandFlags(rawValue: 1 << 2)
    /// Implemented by a module.
    public static let module = CommandFlags(rawValue: 1 << 3)
    /// Administrative.
    public static let admin = CommandFlags(rawValue: 1 << 4)
    /// Publish/subscribe.
    public static let pubsub = CommandFlags(rawValue: 1 << 5)
    /// Not allowed inside Lua scripts.
    public static let noscript = CommandFlags(rawValue: 1 << 6)
    /// May block the client.
    public static let blocking = CommandFlags(rawValue: 1 << 7)
    /// Allowed while the server loads its data.
    public static let loading = CommandFlags(rawValue: 1 << 8)
    /// Allowed on a replica with stale data.
    public static let stale = CommandFlags(rawValue: 1 << 9)
    /// Not shown to MONITOR.
    public static let skipMonitor = CommandFlags(rawValue: 1 << 10)
    /// Not logged in the slow log.
    public static let skipSlowlog = CommandFlags(rawValue: 1 << 11)
    /// Allowed on an importing cluster slot.
    public static let asking = CommandFlags(rawValue: 1 << 12)
    /// O(1) or O(log N): never delays the server.
    public static let fast = CommandFlags(rawValue: 1 << 13)
    /// Allowed before authentication.
    public static let noAuth = CommandFlags(rawValue: 1 << 14)
    /// May run without any key (EVAL with numkeys 0).
    public static let noMandatoryKeys = CommandFlags(rawValue: 1 << 15)
    /// Refused during asynchronous loading.
    public static let noAsyncLoading = CommandFlags(rawValue: 1 << 16)
    /// Refused inside MULTI.
    public static let noMulti = CommandFlags(rawValue: 1 << 17)
    /// Key positions depend on the arguments (see ``KeySpec``).
    public static let movableKeys = CommandFlags(rawValue: 1 << 18)
    /// Allowed while a script or function is busy.
    public static let allowBusy = CommandFlags(rawValue: 1 << 19)

    /// Every flag with its Redis name, in the order `COMMAND INFO` prints them.
    public static let names: [(member: CommandFlags, name: String)] = [
        (.write, "write"), (.readonly, "readonly"), (.denyoom, "denyoom"), (.module, "module"),
        (.admin, "admin"), (.pubsub, "pubsub"), (.noscript, "noscript"), (.blocking, "blocking"),
        (.loading, "loading"), (.stale, "stale"), (.skipMonitor, "skip_monitor"),
        (.skipSlowlog, "skip_slowlog"), (.asking, "asking"), (.fast, "fast"), (.noAuth, "no_auth"),
        (.noMandatoryKeys, "no_mandatory_keys"), (.noAsyncLoading, "no_async_loading"),
        (.noMulti, "no_multi"), (.movableKeys, "movablekeys"), (.allowBusy, "allow_busy"),
    ]
}
