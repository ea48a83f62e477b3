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
    case transaction(TransactionCommand)
    /// Blocking commands (BLPOP, BLMOVE, BZPOPMIN, ...): their keys must share a shard, and
    /// they run there on a connection of their own for the duration of the call, so a
    /// blocked client never holds up the pipelined connection other clients share.
    case dedicated
    /// Pub/sub: channels hash like keys, patterns go to every shard, and a subscribed
    /// client's messages come over connections of its own (SUBSCRIBE, PUBLISH, ...).
    case pubsub(PubSubCommand)
    /// Scripts: EVAL and EVALSHA go to their keys' shard like ``sameShard``; drover keeps
    /// the bodies it sees (EVAL, SCRIPT LOAD) so an EVALSHA never answers NOSCRIPT on a
    /// shard that lacks a script drover knows.
    case script(ScriptCommand)
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
    /// RANDOMKEY: the first non-nil reply, starting from a different shard each time.
    case firstNonNil
    /// TIME, LOLWUT, FUNCTION LIST/DUMP, COMMAND GETKEYSANDFLAGS: the reply does not depend
    /// on the data, so any one healthy shard answers (a fan-out of one).
    case anyShard
    /// WAIT: the smallest of the shards' integers. It may block up to its timeout, so
    /// each shard gets it on a dedicated connection.
    case minInteger
}

/// The commands of ``Route/transaction(_:)``.
public enum TransactionCommand: Sendable, Equatable {
    case multi, exec, discard, watch, unwatch
}

/// The commands of ``Route/pubsub(_:)``.
public enum PubSubCommand: Sendable, Equatable {
    /// SUBSCRIBE channel ...: each channel on the shard it hashes to.
    case subscribe
    /// UNSUBSCRIBE [channel ...]
    case unsubscribe
    /// PSUBSCRIBE pattern ...: on every shard, since a pattern matches channels anywhere.
    case psubscribe
    /// PUNSUBSCRIBE [pattern ...]
    case punsubscribe
    /// SSUBSCRIBE shardchannel ...: like SUBSCRIBE, in Redis's shard-channel namespace.
    case ssubscribe
    /// SUNSUBSCRIBE [shardchannel ...]
    case sunsubscribe
    /// PUBLISH channel message: to the shard the channel hashes to.
    case publish
    /// SPUBLISH shardchannel message: to the shard the channel hashes to.
    case spublish
}

/// The commands of ``Route/script(_:)``.
public enum ScriptCommand: Sendable, Equatable {
    /// EVAL, EVAL_RO script numkeys ...: to the keys' shard; drover remembers the body.
    case eval
    /// EVALSHA, EVALSHA_RO sha1 numkeys ...: to the keys' shard; a NOSCRIPT for a body
    /// drover knows is answered by loading it there and retrying.
    case evalsha
    /// SCRIPT LOAD script: to every shard (their common reply, the SHA1); drover
    /// remembers the body.
    case load
    /// SCRIPT FLUSH [ASYNC|SYNC]: to every shard (OK once all said OK); drover forgets
    /// the bodies it kept.
    case flush
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
