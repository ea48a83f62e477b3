import DroverCore
import Testing

@Suite struct RouteTests {
    private func route(_ name: String) -> Route? { CommandTable.lookup(name)?.route }

    @Test func arity() throws {
        let get = try #require(CommandTable.lookup("GET"))
        #expect(!get.acceptsArgumentCount(1))
        #expect(get.acceptsArgumentCount(2))
        #expect(!get.acceptsArgumentCount(3))
        let set = try #require(CommandTable.lookup("SET"))
        #expect(!set.acceptsArgumentCount(2))
        #expect(set.acceptsArgumentCount(3))
        #expect(set.acceptsArgumentCount(9))
        let ping = try #require(CommandTable.lookup("PING"))
        #expect(ping.acceptsArgumentCount(1) && ping.acceptsArgumentCount(2))
        let setname = try #require(CommandTable.lookup("CLIENT|SETNAME"))
        #expect(setname.acceptsArgumentCount(3) && !setname.acceptsArgumentCount(2))
        let client = try #require(CommandTable.lookup("CLIENT"))
        #expect(!client.acceptsArgumentCount(1))
    }

    @Test func single() {
        for name in ["GET", "SET", "GETEX", "GETDEL", "INCR", "EXPIRE", "TTL", "PTTL", "PERSIST", "TYPE",
                     "HSET", "LPUSH", "ZADD", "APPEND", "GEORADIUS_RO", "OBJECT|ENCODING", "XINFO|STREAM",
                     "XGROUP|CREATE", "MEMORY|USAGE", "SORT_RO", "RESTORE", "DUMP", "BITFIELD"] {
            #expect(route(name) == .single, "\(name)")
        }
    }

    @Test func split() {
        #expect(route("MGET") == .split(.array))
        #expect(route("MSET") == .split(.allOK))
        for name in ["DEL", "UNLINK", "EXISTS", "TOUCH"] { #expect(route(name) == .split(.sumIntegers)) }
        #expect(CommandTable.lookup("MSET")?.keys == .range(first: 1, last: -1, step: 2))
    }

    @Test func sameShard() {
        for name in ["MSETNX", "RENAME", "RENAMENX", "SMOVE", "SINTER", "SINTERSTORE", "SUNION", "SDIFFSTORE",
                     "ZUNIONSTORE", "ZINTER", "ZDIFF", "ZRANGESTORE", "LMOVE", "RPOPLPUSH", "COPY", "PFCOUNT",
                     "PFMERGE", "GEOSEARCHSTORE", "GEORADIUS", "GEORADIUSBYMEMBER", "SORT", "FCALL", "FCALL_RO", "LCS", "SINTERCARD", "ZINTERCARD",
                     "LMPOP", "ZMPOP", "XREAD", "XREADGROUP", "BITOP"] {
            #expect(route(name) == .sameShard, "\(name)")
        }
    }

    @Test func fanout() {
        #expect(route("KEYS") == .fanout(.concatArrays))
        #expect(route("SCAN") == .fanout(.scan))
        #expect(route("DBSIZE") == .fanout(.sumIntegers))
        #expect(route("FLUSHDB") == .fanout(.allOK))
        #expect(route("FLUSHALL") == .fanout(.allOK))
        #expect(route("RANDOMKEY") == .fanout(.firstNonNil))
        #expect(route("TIME") == .fanout(.anyShard))
        #expect(route("SCRIPT|EXISTS") == .fanout(.logicalAnd))
        #expect(route("WAIT") == .fanout(.minInteger))
        #expect(route("FUNCTION|LOAD") == .fanout(.allEqual))
    }

    @Test func local() {
        let expected: [String: LocalCommand] = [
            "PING": .ping, "ECHO": .echo, "QUIT": .quit, "AUTH": .auth, "HELLO": .hello, "SELECT": .select,
            "RESET": .reset, "INFO": .info, "COMMAND": .command, "COMMAND|COUNT": .commandCount,
            "COMMAND|INFO": .commandInfo, "COMMAND|DOCS": .commandDocs, "COMMAND|LIST": .commandList,
            "COMMAND|GETKEYS": .commandGetKeys, "CLIENT|SETNAME": .clientSetName,
            "CLIENT|GETNAME": .clientGetName, "CLIENT|ID": .clientID, "CLIENT|SETINFO": .clientSetInfo,
            "CLIENT|INFO": .clientInfo, "CLIENT|LIST": .clientList, "CLIENT|HELP": .help,
            "CONFIG|HELP": .help, "CLIENT": .unknownSubcommand, "OBJECT": .unknownSubcommand,
            "DROVER": .unknownSubcommand, "DROVER|HELP": .help, "DROVER|RELOAD": .droverReload,
            "DROVER|CONFIG": .droverConfig, "DROVER|GENERATION": .droverGeneration,
        ]
        for (name, local) in expected { #expect(route(name) == .local(local), "\(name)") }
    }

    @Test func transactionsAndDedicated() {
        let transactions: [String: TransactionCommand] = [
            "MULTI": .multi, "EXEC": .exec, "DISCARD": .discard, "WATCH": .watch, "UNWATCH": .unwatch]
        for (name, command) in transactions { #expect(route(name) == .transaction(command), "\(name)") }
        for name in ["BLPOP", "BRPOP", "BLMOVE", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "BRPOPLPUSH"] {
            #expect(route(name) == .dedicated, "\(name)")
        }
        #expect(CommandTable.lookup("XREAD")?.flags.contains(.blocking) == true)
    }

    @Test func pubsubAndScripts() {
        let pubsub: [String: PubSubCommand] = [
            "SUBSCRIBE": .subscribe, "UNSUBSCRIBE": .unsubscribe, "PSUBSCRIBE": .psubscribe,
            "PUNSUBSCRIBE": .punsubscribe, "SSUBSCRIBE": .ssubscribe, "SUNSUBSCRIBE": .sunsubscribe,
            "PUBLISH": .publish, "SPUBLISH": .spublish]
        for (name, command) in pubsub { #expect(route(name) == .pubsub(command), "\(name)") }
        let scripts: [String: ScriptCommand] = [
            "EVAL": .eval, "EVAL_RO": .eval, "EVALSHA": .evalsha, "EVALSHA_RO": .evalsha,
            "SCRIPT|LOAD": .load, "SCRIPT|FLUSH": .flush]
        for (name, command) in scripts { #expect(route(name) == .script(command), "\(name)") }
    }

    @Test func refused() {
        for name in ["CONFIG", "CONFIG|GET", "CONFIG|SET", "SHUTDOWN", "DEBUG", "MONITOR", "REPLICAOF", "SLAVEOF",
                     "CLUSTER|INFO", "CLUSTER|KEYSLOT", "MIGRATE", "MOVE", "BGSAVE", "SAVE", "BGREWRITEAOF",
                     "ACL|WHOAMI", "ACL|SETUSER", "FAILOVER", "SYNC", "PSYNC", "LATENCY|LATEST", "MODULE|LOAD",
                     "SWAPDB", "CLIENT|KILL", "CLIENT|PAUSE", "CLIENT|TRACKING", "CLIENT|REPLY", "SLOWLOG|GET",
                     "LASTSAVE", "ROLE", "READONLY", "ASKING", "PFDEBUG", "RESTORE-ASKING", "SCRIPT|DEBUG"] {
            #expect(route(name) == .refused, "\(name)")
        }
    }

    @Test func everyContainerHelpIsLocal() {
        for spec in CommandTable.all where spec.name.hasSuffix("|HELP") {
            #expect(spec.route == .local(.help))
        }
    }

    @Test func descriptions() throws {
        #expect(Route.single.description == "to its key's shard")
        #expect(Route.refused.description == "refused: not supported through the proxy")
        let mget = try #require(CommandTable.lookup("MGET"))
        #expect(mget.routeDescription
                == "split by shard; replies merged into one array in key order (keys at 1 to the end)")
    }
}
