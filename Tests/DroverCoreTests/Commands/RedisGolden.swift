/// Replies of redis-server 7.0.15, byte for byte, that drover's must equal.
enum RedisGolden {
    /// RESP lines joined with CRLF, the last one terminated too.
    static func resp(_ lines: [String]) -> [UInt8] {
        Array(lines.map { $0 + "\r\n" }.joined().utf8)
    }

    /// `COMMAND INFO get`.
    static let infoGet = resp([
        "*1", "*10", "$3", "get", ":2", "*2", "+readonly", "+fast", ":1", ":1", ":1", "*3", "+@read",
        "+@string", "+@fast", "*0", "*1", "*6", "$5", "flags", "*2", "+RO", "+access", "$12",
        "begin_search", "*4", "$4", "type", "$5", "index", "$4", "spec", "*2", "$5", "index", ":1",
        "$9", "find_keys", "*4", "$4", "type", "$5", "range", "$4", "spec", "*6", "$7", "lastkey",
        ":0", "$7", "keystep", ":1", "$5", "limit", ":0", "*0",
    ])
    /// `COMMAND INFO eval`: notes and a keynum key spec.
    static let infoEval = resp([
        "*1", "*10", "$4", "eval", ":-3", "*5", "+noscript", "+stale", "+skip_monitor",
        "+no_mandatory_keys", "+movablekeys", ":0", ":0", ":0", "*2", "+@slow", "+@scripting", "*0",
        "*1", "*8", "$5", "notes", "$78",
        "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE", "$5",
        "flags", "*3", "+RW", "+access", "+update", "$12", "begin_search", "*4", "$4", "type", "$5",
        "index", "$4", "spec", "*2", "$5", "index", ":2", "$9", "find_keys", "*4", "$4", "type", "$6",
        "keynum", "$4", "spec", "*6", "$9", "keynumidx", ":0", "$8", "firstkey", ":1", "$7", "keystep",
        ":1", "*0",
    ])
    /// `COMMAND INFO sort`: unknown key specs.
    static let infoSort = resp([
        "*1", "*10", "$4", "sort", ":-2", "*3", "+write", "+denyoom", "+movablekeys", ":1", ":1", ":1",
        "*6", "+@write", "+@set", "+@sortedset", "+@list", "+@slow", "+@dangerous", "*0", "*3", "*6",
        "$5", "flags", "*2", "+RO", "+access", "$12", "begin_search", "*4", "$4", "type", "$5",
        "index", "$4", "spec", "*2", "$5", "index", ":1", "$9", "find_keys", "*4", "$4", "type", "$5",
        "range", "$4", "spec", "*6", "$7", "lastkey", ":0", "$7", "keystep", ":1", "$5", "limit", ":0",
        "*8", "$5", "notes", "$120",
        "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
        "$5", "flags", "*2", "+RO", "+access", "$12", "begin_search", "*4", "$4", "type", "$7",
        "unknown", "$4", "spec", "*0", "$9", "find_keys", "*4", "$4", "type", "$7", "unknown", "$4",
        "spec", "*0", "*8", "$5", "notes", "$116",
        "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array",
        "$5", "flags", "*2", "+OW", "+update", "$12", "begin_search", "*4", "$4", "type", "$7",
        "unknown", "$4", "spec", "*0", "$9", "find_keys", "*4", "$4", "type", "$7", "unknown", "$4",
        "spec", "*0", "*0",
    ])
    /// `COMMAND INFO georadius`: keyword key specs.
    static let infoGeoradius = resp([
        "*1", "*10", "$9", "georadius", ":-6", "*3", "+write", "+denyoom", "+movablekeys", ":1", ":1",
        ":1", "*3", "+@write", "+@geo", "+@slow", "*0", "*3", "*6", "$5", "flags", "*2", "+RO",
        "+access", "$12", "begin_search", "*4", "$4", "type", "$5", "index", "$4", "spec", "*2", "$5",
        "index", ":1", "$9", "find_keys", "*4", "$4", "type", "$5", "range", "$4", "spec", "*6", "$7",
        "lastkey", ":0", "$7", "keystep", ":1", "$5", "limit", ":0", "*6", "$5", "flags", "*2", "+OW",
        "+update", "$12", "begin_search", "*4", "$4", "type", "$7", "keyword", "$4", "spec", "*4",
        "$7", "keyword", "$5", "STORE", "$9", "startfrom", ":6", "$9", "find_keys", "*4", "$4", "type",
        "$5", "range", "$4", "spec", "*6", "$7", "lastkey", ":0", "$7", "keystep", ":1", "$5", "limit",
        ":0", "*6", "$5", "flags", "*2", "+OW", "+update", "$12", "begin_search", "*4", "$4", "type",
        "$7", "keyword", "$4", "spec", "*4", "$7", "keyword", "$9", "STOREDIST", "$9", "startfrom",
        ":6", "$9", "find_keys", "*4", "$4", "type", "$5", "range", "$4", "spec", "*6", "$7",
        "lastkey", ":0", "$7", "keystep", ":1", "$5", "limit", ":0", "*0",
    ])
    /// `COMMAND INFO xread`: a keyword spec with a limit.
    static let infoXread = resp([
        "*1", "*10", "$5", "xread", ":-4", "*3", "+readonly", "+blocking", "+movablekeys", ":0", ":0",
        ":0", "*4", "+@read", "+@stream", "+@slow", "+@blocking", "*0", "*1", "*6", "$5", "flags",
        "*2", "+RO", "+access", "$12", "begin_search", "*4", "$4", "type", "$7", "keyword", "$4",
        "spec", "*4", "$7", "keyword", "$7", "STREAMS", "$9", "startfrom", ":1", "$9", "find_keys",
        "*4", "$4", "type", "$5", "range", "$4", "spec", "*6", "$7", "lastkey", ":-1", "$7", "keystep",
        ":1", "$5", "limit", ":2", "*0",
    ])
    /// `COMMAND INFO object|encoding`: a subcommand.
    static let infoObjectEncoding = resp([
        "*1", "*10", "$15", "object|encoding", ":3", "*1", "+readonly", ":2", ":2", ":1", "*3",
        "+@keyspace", "+@read", "+@slow", "*1", "$23", "nondeterministic_output", "*1", "*6", "$5",
        "flags", "*1", "+RO", "$12", "begin_search", "*4", "$4", "type", "$5", "index", "$4", "spec",
        "*2", "$5", "index", ":2", "$9", "find_keys", "*4", "$4", "type", "$5", "range", "$4", "spec",
        "*6", "$7", "lastkey", ":0", "$7", "keystep", ":1", "$5", "limit", ":0", "*0",
    ])
    /// `COMMAND INFO client|setname nosuch`.
    static let infoSetnameAndUnknown = resp([
        "*2", "*10", "$14", "client|setname", ":3", "*3", "+noscript", "+loading", "+stale", ":0",
        ":0", ":0", "*2", "+@slow", "+@connection", "*0", "*0", "*0", "$-1",
    ])
}
