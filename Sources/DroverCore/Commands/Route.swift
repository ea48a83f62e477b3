/// How drover handles a command: the routing column of the command table.
///
/// Every command and subcommand has exactly one route, chosen in
/// `scripts/gen-command-table.py` (an explicit mapping plus rules for the rest). The
/// router switches on it; no other code classifies commands by name.
public enum Route: Sendable, Equatable {
    /// One key at a fixed position (``CommandSpec/firstKey``): send the request's bytes
    /// unchanged to that key's shard (GET, SET, HSET, EXPIRE, OBJECT ENCODING key, ...).
    case single
    /// Several independent keys: one fragment per shard, replies merged in key order
    /// (MGET, MSET, DEL, UNLINK, EXISTS, TOUCH).
    case split(SplitMerge)
    /// Several keys that must all live on one shard, which then gets the request unchanged;
    /// keys on different shards get an error naming hash tags as the fix (MSETNX, RENAME,
    /// SINTER, ZUNIONSTORE, EVAL, ...). With no keys at all (EVAL with numkeys 0) any shard
    /// will do. XREAD/XREADGROUP also carry ``CommandFlags/blocking``: with a BLOCK option
    /// the router sends them to a dedicated connection instead.
    case sameShard
    /// Every shard gets the request; their replies are merged (KEYS, SCAN, DBSIZE, FLUSHDB,
    /// SCRIPT LOAD, ...).
    case fanout(FanoutMerge)
    /// Answered by drover itself, without a backend.
    case local(LocalCommand)
    /// MULTI, EXEC, DISCARD, WATCH, UNWATCH: queued by drover, run on one shard.
    case transaction
    /// Needs a connection of its own: blocking commands (BLPOP, BLMOVE, BZPOPMIN, WAIT, ...)
    /// and pub/sub (SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, PUBLISH, SPUBLISH, ...).
    case dedicated
    /// Never reaches a backend: answered with
    /// `-ERR drover: 'X' is not supported through the proxy` (CONFIG, SHUTDOWN, DEBUG, ...).
    case refused
}

/// How the replies of a ``Route/split(_:)`` command's fragments become one reply.
public enum SplitMerge: Sendable, Equatable {
    /// MGET: each fragment's array elements go back to their keys' positions.
    case array
    /// DEL, UNLINK, EXISTS, TOUCH: the fragments' integers are added up.
    case sumIntegers
    /// MSET: `+OK` once every fragment said OK, else the first error.
    case allOK
}

/// How the replies of a ``Route/fanout(_:)`` command's shards become one reply.
public enum FanoutMerge: Sendable, Equatable {
    /// KEYS, PUBSUB CHANNELS: one array holding every shard's elements.
    case concatArrays
    /// DBSIZE: the shards' integers added up.
    case sumIntegers
    /// FLUSHDB, FLUSHALL, SCRIPT FLUSH, FUNCTION DELETE/FLUSH/RESTORE: `+OK` once every
    /// shard said OK, else the first error.
    case allOK
    /// SCRIPT LOAD, FUNCTION LOAD: every shard gives the same reply (the SHA1, the library
    /// name), which is passed on; else the first error.
    case allEqual
    /// SCRIPT EXISTS: arrays of 0/1, combined element by element with a logical AND (a
    /// script exists only if every shard has it).
    case logicalAnd
    /// SCRIPT KILL, FUNCTION KILL: `+OK` if any shard succeeded, else the first error.
    case oneSucceeded
    /// SCAN: drover's cursor encodes the shard and that shard's own cursor; one shard is
    /// asked per call, the next when its cursor reaches 0.
    case scan
    /// RANDOMKEY: the first non-nil reply in shard order.
    case firstNonNil
    /// TIME, LOLWUT, FUNCTION LIST/DUMP, COMMAND GETKEYSANDFLAGS: the reply does not depend
    /// on the data, so any one healthy shard answers (a fan-out of one).
    case anyShard
}

/// The commands drover answers itself (``Route/local(_:)``).
public enum LocalCommand: Sendable, Equatable {
    /// PING [message]
    case ping
    /// ECHO message
    case echo
    /// QUIT
    case quit
    /// AUTH [username] password, checked against `client_password`.
    case auth
    /// HELLO [protover [AUTH user pass] [SETNAME name]]: protocol 2 only for now.
    case hello
    /// SELECT db: only the pool's own database is accepted.
    case select
    /// RESET: back to a fresh connection's state.
    case reset
    /// INFO [section ...]: drover's own sections.
    case info
    /// COMMAND with no subcommand: every command's INFO entry. Also the route of an unknown
    /// COMMAND subcommand (the container's route), which gets
    /// ``CommandReplies/writeUnknownSubcommand(_:of:into:)``.
    case command
    /// COMMAND COUNT
    case commandCount
    /// COMMAND INFO [name ...]
    case commandInfo
    /// COMMAND DOCS [name ...]
    case commandDocs
    /// COMMAND LIST [FILTERBY ...]
    case commandList
    /// COMMAND GETKEYS command [arg ...]
    case commandGetKeys
    /// CLIENT SETNAME name
    case clientSetName
    /// CLIENT GETNAME
    case clientGetName
    /// CLIENT ID
    case clientID
    /// CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2; sent by redis-py >= 5).
    case clientSetInfo
    /// CLIENT INFO: this connection, as drover sees it.
    case clientInfo
    /// CLIENT LIST: drover's client connections.
    case clientList
    /// `<container> HELP`: the container's subcommands and how drover routes them.
    case help
    /// DROVER RELOAD: reread the configuration file and apply it, as SIGHUP does.
    case droverReload
    /// DROVER CONFIG: the running configuration, as `--test-config` prints it.
    case droverConfig
    /// DROVER GENERATION: the running configuration's generation.
    case droverGeneration
    /// A container command (CLIENT, OBJECT, ...) without a subcommand drover knows:
    /// `-ERR unknown subcommand 'X'. Try CLIENT HELP.`
    case unknownSubcommand
}
