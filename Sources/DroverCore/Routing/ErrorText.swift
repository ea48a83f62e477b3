/// The error replies drover writes itself, in one place so their wording stays
/// consistent (text after the '-', without CRLF).
public enum ErrorText {
    public static let unexpectedShardReply = "ERR drover: a shard sent an unexpected reply"
    public static let noShard = "ERR drover: no shard is available for this key"

    public static func unknownCommand(_ name: String, args: [String]) -> String {
        let shown = args.prefix(16).map { "'\($0.prefix(128))' " }.joined()
        return "ERR unknown command '\(name.prefix(128))', with args beginning with: \(shown)"
    }

    public static func wrongArity(_ name: String) -> String {
        "ERR wrong number of arguments for '\(name.lowercased())' command"
    }

    public static func refused(_ name: String) -> String {
        "ERR drover: '\(name)' is not supported through the proxy"
    }

    public static func notYetSupported(_ name: String) -> String {
        "ERR drover: '\(name)' is not supported by this version of drover yet"
    }

    public static func crossShard(_ name: String) -> String {
        "CROSSSLOT drover: keys of '\(name)' are on different shards; put them under one hash tag"
    }

    public static func badKeys(_ name: String) -> String {
        "ERR drover: cannot find the keys of '\(name)' in its arguments"
    }
}
