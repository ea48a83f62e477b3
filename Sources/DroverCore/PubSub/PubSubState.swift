import RESP

/// One client's subscriptions, kept by drover because they are spread over several
/// backend connections (one per shard) while the client sees one connection.
///
/// ```
///   client: SUBSCRIBE news sport          news -> shard 0, sport -> shard 2
///   drover: shard 0 conn: SUBSCRIBE news    shard 2 conn: SUBSCRIBE sport
///           waits for both confirmations, then answers
///           [subscribe news 1] [subscribe sport 2]      (counts as one Redis would count)
///   later:  [message sport hi] from shard 2's conn -> to the client
/// ```
/// PSUBSCRIBE goes to every shard (a pattern matches channels on any shard); each
/// message is published on one shard only, so none arrives twice. drover writes the
/// confirmations itself, with the client's counts, once the shards have confirmed theirs
/// (whose counts are per shard): after a confirmation, a PUBLISH sees the subscription
/// change. Messages for anything the client has since unsubscribed from are dropped.
public struct PubSubState {
    public private(set) var channels: Set<[UInt8]> = []
    public private(set) var patterns: Set<[UInt8]> = []
    public private(set) var shardChannels: Set<[UInt8]> = []

    public init() {}

    /// Whether the client has any subscription (in RESP2 it may then only send
    /// subscription commands, PING, QUIT and RESET).
    public var isSubscribed: Bool { !channels.isEmpty || !patterns.isEmpty || !shardChannels.isEmpty }

    /// Handles SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBE counterparts.
    /// - Parameters:
    ///   - shardOf: the shard a channel hashes to.
    ///   - shardCount: the pool's shards (patterns go to all of them).
    ///   - protocolVersion: the client's (2 or 3), for the confirmations' encoding.
    public mutating func handle(_ command: PubSubCommand, request: RequestView,
                                shardOf: (UnsafeRawBufferPointer) -> Int?, shardCount: Int,
                                protocolVersion: Int) -> SubscriptionStep {
        var step = SubscriptionStep()
        let out = ByteBuffer(capacity: 128)
        let names = (1..<max(1, request.count)).map { Array(request.arg($0)) }
        let kind = Kind(command)
        var perShard: [Int: [[UInt8]]] = [:]
        // UNSUBSCRIBE with no names leaves everything in its namespace.
        let targets = names.isEmpty ? Array(set(kind)) : names
        for name in targets {
            // Patterns match channels on any shard; channels live on the shard they hash to.
            let shards: [Int]
            if kind.namespace == .pattern {
                shards = Array(0..<shardCount)
            } else {
                guard let shard = name.withUnsafeBytes(shardOf) else { return .noShard }
                shards = [shard]
            }
            if kind.subscribes ? insert(name, kind) : remove(name, kind) {
                for shard in shards { perShard[shard, default: []].append(name) }
            }
            Self.confirmation(kind.word, name, count: count(kind), protocolVersion: protocolVersion, into: out)
        }
        if targets.isEmpty {
            Self.confirmation(kind.word, nil, count: count(kind), protocolVersion: protocolVersion, into: out)
        }
        for shard in perShard.keys.sorted() {
            let list = perShard[shard]!
            let request = ByteBuffer(capacity: 64)
            request.appendArrayHeader(1 + list.count)
            request.appendBulk(kind.command)
            for name in list { name.withUnsafeBytes { request.appendBulk($0) } }
            step.sends.append(SubscriptionStep.Send(shard: shard, request: request.readableBytes,
                                                    confirmations: list.count))
        }
        step.reply = out.readableBytes
        return step
    }

    /// What a frame from one of the client's subscriber connections is.
    public func classify(_ frame: UnsafeRawBufferPointer) -> PushFrame {
        if ReplyReader.isError(frame) { return .error }
        var ranges: [ArgRange] = []
        guard ReplyReader.arrayElements(frame, into: &ranges), ranges.count >= 2 else { return .drop }
        func element(_ i: Int) -> UnsafeRawBufferPointer? {
            ReplyReader.text(UnsafeRawBufferPointer(rebasing: frame[ranges[i].offset..<(ranges[i].offset + ranges[i].count)]))
        }
        guard let word = element(0), let name = element(1) else { return .drop }
        if equalsIgnoringCase(word, "MESSAGE") { return channels.contains(Array(name)) ? .deliver : .drop }
        if equalsIgnoringCase(word, "PMESSAGE") { return patterns.contains(Array(name)) ? .deliver : .drop }
        if equalsIgnoringCase(word, "SMESSAGE") { return shardChannels.contains(Array(name)) ? .deliver : .drop }
        for confirmation: StaticString in ["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE",
                                           "SUNSUBSCRIBE"] where equalsIgnoringCase(word, confirmation) {
            return .confirmation
        }
        return .drop
    }

    /// Forgets every subscription (RESET, or the subscriber connections were lost).
    public mutating func removeAll() {
        channels.removeAll()
        patterns.removeAll()
        shardChannels.removeAll()
    }

    /// PING's reply while subscribed in RESP2: `["pong", message or ""]`, as Redis answers.
    public static func pong(_ request: RequestView, into out: ByteBuffer) {
        out.appendArrayHeader(2)
        out.appendBulk("pong")
        if request.count > 1 { out.appendBulk(request.arg(1)) } else { out.appendBulk("") }
    }

    /// The error for a command a RESP2 client may not send while subscribed.
    public static func notAllowed(_ name: String) -> String {
        "ERR Can't execute '\(name.lowercased())': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
    }

    // MARK: the three namespaces

    enum Namespace { case channel, pattern, shardChannel }

    /// One of the six subscription commands: its namespace and direction.
    struct Kind: Equatable {
        let namespace: Namespace
        let subscribes: Bool

        init(_ command: PubSubCommand) {
            switch command {
            case .subscribe: (namespace, subscribes) = (.channel, true)
            case .unsubscribe, .publish: (namespace, subscribes) = (.channel, false)
            case .psubscribe: (namespace, subscribes) = (.pattern, true)
            case .punsubscribe: (namespace, subscribes) = (.pattern, false)
            case .ssubscribe: (namespace, subscribes) = (.shardChannel, true)
            case .sunsubscribe, .spublish: (namespace, subscribes) = (.shardChannel, false)
            }
        }

        /// The word of its confirmations (`subscribe`, `punsubscribe`, ...).
        var word: String {
            let prefix = namespace == .pattern ? "p" : namespace == .shardChannel ? "s" : ""
            return prefix + (subscribes ? "subscribe" : "unsubscribe")
        }

        /// The command sent to a shard.
        var command: String { word.uppercased() }
    }

    private mutating func insert(_ name: [UInt8], _ kind: Kind) -> Bool {
        switch kind.namespace {
        case .channel: return channels.insert(name).inserted
        case .pattern: return patterns.insert(name).inserted
        case .shardChannel: return shardChannels.insert(name).inserted
        }
    }

    private mutating func remove(_ name: [UInt8], _ kind: Kind) -> Bool {
        switch kind.namespace {
        case .channel: return channels.remove(name) != nil
        case .pattern: return patterns.remove(name) != nil
        case .shardChannel: return shardChannels.remove(name) != nil
        }
    }

    private func set(_ kind: Kind) -> Set<[UInt8]> {
        switch kind.namespace {
        case .channel: return channels
        case .pattern: return patterns
        case .shardChannel: return shardChannels
        }
    }

    /// Redis counts channels and patterns together, shard channels apart.
    private func count(_ kind: Kind) -> Int {
        kind.namespace == .shardChannel ? shardChannels.count : channels.count + patterns.count
    }

    /// `[word, name, count]` as a RESP2 array or a RESP3 push.
    static func confirmation(_ word: String, _ name: [UInt8]?, count: Int, protocolVersion: Int, into out: ByteBuffer) {
        out.append(byte: protocolVersion == 3 ? UInt8(ascii: ">") : UInt8(ascii: "*"))
        out.append(decimal: 3)
        out.appendCRLF()
        out.appendBulk(word)
        if let name {
            name.withUnsafeBytes { out.appendBulk($0) }
        } else if protocolVersion == 3 {
            out.append("_\r\n")
        } else {
            out.appendNull()
        }
        out.appendInteger(count)
    }
}
