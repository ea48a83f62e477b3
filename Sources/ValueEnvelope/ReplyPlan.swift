import RESP

/// How the backend's reply to a command on an envelope pool becomes the client's reply:
/// stored values are opened (inflated, header dropped), logically expired ones are
/// answered by herd rules. Pure: the time is passed in.
public struct ReplyPlan: Sendable {
    /// What the reply holds.
    public enum Shape: Sendable, Equatable {
        /// Nothing stored: the reply goes to the client as it is.
        case forward
        /// One stored value as a bulk string (or nil, or an error, passed on).
        case value
        /// An array of stored values (MGET).
        case values
    }

    /// What a reader of a logically expired value gets.
    public enum Read: Sendable, Equatable {
        /// GET, MGET: the first reader to win a claim on the backend gets a miss (and
        /// recomputes); every other reader gets the stale value.
        case elect
        /// GETDEL, GETSET, SET ... GET, GETEX with options: the value is logically gone: nil.
        case logical
    }

    /// What the reply holds.
    public let shape: Shape
    /// What a reader of a logically expired value gets.
    public let read: Read
    /// For ``Read/elect`` on a herd pool: the key of each value, in reply order.
    public let keys: [[UInt8]]

    /// Creates a plan; `keys` only for ``Read/elect`` on a herd pool.
    public init(shape: Shape, read: Read, keys: [[UInt8]] = []) {
        self.shape = shape
        self.read = read
        self.keys = keys
    }

    /// The reply passes unchanged.
    public static let forward = ReplyPlan(shape: .forward, read: .logical)

    /// Whether ``finish(_:codec:nowMs:resp3:)`` may change `reply`: false lets the caller
    /// forward it without asking the clock. Exact for one value, cautious for arrays.
    public func mayChange(_ reply: UnsafeRawBufferPointer) -> Bool {
        switch shape {
        case .forward: false
        case .value: Self.bulkPayload(reply).map(Envelope.startsWithMagic) ?? false
        case .values: true
        }
    }

    /// Turns the backend's `reply` into the client's.
    ///
    /// - Parameters:
    ///   - reply: One whole reply from the backend.
    ///   - codec: The pool's codec.
    ///   - nowMs: Unix time in ms.
    ///   - resp3: Whether the client speaks RESP3 (its nil is `_`).
    /// - Returns: The reply to send, or the herd claims to make first.
    public func finish(_ reply: UnsafeRawBufferPointer, codec: ValueCodec, nowMs: Int64, resp3: Bool) -> ReplyOutcome {
        switch shape {
        case .forward:
            return .forward
        case .value:
            guard let payload = Self.bulkPayload(reply), Envelope.startsWithMagic(payload) else { return .forward }
            var opened = Opened(codec: codec, nowMs: nowMs, read: read, resp3: resp3)
            opened.add(payload, key: keys.first)
            return opened.outcome(array: false)
        case .values:
            var ranges: [ArgRange] = []
            guard ReplyReader.arrayElements(reply, into: &ranges) else { return .forward }
            let elements = ranges.map { UnsafeRawBufferPointer(rebasing: reply[$0.offset..<($0.offset + $0.count)]) }
            guard elements.contains(where: { Self.bulkPayload($0).map(Envelope.startsWithMagic) ?? false }) else {
                return .forward
            }
            var opened = Opened(codec: codec, nowMs: nowMs, read: read, resp3: resp3)
            for (index, element) in elements.enumerated() {
                if let payload = Self.bulkPayload(element) {
                    opened.add(payload, key: index < keys.count ? keys[index] : nil)
                } else {
                    opened.keep(element)
                }
            }
            return opened.outcome(array: true)
        }
    }

    /// The payload of a non-null bulk string reply, else nil.
    static func bulkPayload(_ reply: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard reply.count >= 4, reply[0] == UInt8(ascii: "$"), reply[1] != UInt8(ascii: "-") else { return nil }
        var cr = 2
        while cr < reply.count && reply[cr] != 13 { cr += 1 }
        guard cr + 2 <= reply.count - 2 else { return nil }
        return UnsafeRawBufferPointer(rebasing: reply[(cr + 2)..<(reply.count - 2)])
    }
}

/// What ``ReplyPlan/finish(_:codec:nowMs:resp3:)`` decided.
public enum ReplyOutcome {
    /// Send the backend's reply unchanged.
    case forward
    /// Send these bytes.
    case reply([UInt8])
    /// Claim the values first, then send ``HerdElection/finish(_:)``.
    case elect(HerdElection)
}

/// The replies to the claims of logically expired values, and what the client gets once
/// they are answered: a miss for each value whose claim won, the stale value for the others.
public struct HerdElection: Sendable {
    /// One claim: the script call to send to the key's shard.
    public struct Claim: Sendable {
        /// The key whose value is claimed (its shard gets the request).
        public let key: [UInt8]
        /// The encoded script call.
        public let request: [UInt8]
        /// The reply element it decides.
        let element: Int
    }

    /// One claim per logically expired, unclaimed value, in reply order.
    public let claims: [Claim]
    /// The client's reply elements, the stale value in place of each claimed one.
    let elements: [[UInt8]]
    let array: Bool
    let null: [UInt8]

    /// The client's reply, given each claim's reply (same order as ``claims``). A claim that
    /// failed (an error, a timeout) did not win: its reader gets the stale value.
    public func finish(_ replies: [[UInt8]]) -> [UInt8] {
        var elements = elements
        for (claim, reply) in zip(claims, replies) where reply.withUnsafeBytes({ ReplyReader.integer($0) }) == 1 {
            elements[claim.element] = null
        }
        if !array { return elements[0] }
        let out = ByteBuffer(capacity: 64 + elements.reduce(0) { $0 + $1.count })
        out.appendArrayHeader(elements.count)
        for element in elements { out.append(element) }
        return out.readableBytes
    }
}

/// Builds a reply from stored values, one element at a time.
private struct Opened {
    let codec: ValueCodec
    let nowMs: Int64
    let read: ReplyPlan.Read
    let null: [UInt8]
    var elements: [[UInt8]] = []
    var claims: [HerdElection.Claim] = []

    init(codec: ValueCodec, nowMs: Int64, read: ReplyPlan.Read, resp3: Bool) {
        self.codec = codec
        self.nowMs = nowMs
        self.read = read
        null = resp3 ? Array("_\r\n".utf8) : Array("$-1\r\n".utf8)
    }

    /// Adds the client's form of one stored value.
    mutating func add(_ stored: UnsafeRawBufferPointer, key: [UInt8]?) {
        let header = Envelope.header(of: stored)
        let state = codec.herdState(header, nowMs: nowMs)
        if state != .fresh && (read == .logical || key == nil) {
            elements.append(null)
            return
        }
        let out = ByteBuffer(capacity: (header?.length ?? stored.count) + 16)
        ValueCodec.appendValue(stored, header: header, to: out)
        if state == .staleUnclaimed, let key {
            let prefix = Array(stored.prefix(Envelope.claimPrefixSize))
            let request = key.withUnsafeBytes {
                EnvelopeScript.call("claim", keys: [$0], nowMs: nowMs, arguments: [.raw(prefix)], codec: codec)
            }
            claims.append(HerdElection.Claim(key: key, request: request, element: elements.count))
        }
        elements.append(out.readableBytes)
    }

    /// Adds a reply element that holds no value (nil) as it is.
    mutating func keep(_ element: UnsafeRawBufferPointer) {
        elements.append(Array(element))
    }

    func outcome(array: Bool) -> ReplyOutcome {
        let election = HerdElection(claims: claims, elements: elements, array: array, null: null)
        return claims.isEmpty ? .reply(election.finish([])) : .elect(election)
    }
}
