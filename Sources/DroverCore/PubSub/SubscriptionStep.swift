/// What the connection layer does for one subscription command (see ``PubSubState``).
public struct SubscriptionStep: Sendable {
    /// A request for the client's subscriber connection to one shard.
    public struct Send: Sendable {
        public let shard: Int
        public let request: [UInt8]
        /// Confirmations that shard will send for it, which the client's reply waits for.
        public let confirmations: Int
    }

    public var sends: [Send] = []
    /// The client's reply: one confirmation per name, counted as Redis counts.
    public var reply: [UInt8] = []
    /// Set when a channel hashes to no shard (an empty ring).
    public var failure: String?

    static let noShard = SubscriptionStep(failure: ErrorText.noShard)

    init(failure: String? = nil) { self.failure = failure }
}

/// What a frame from a subscriber connection is to the client.
public enum PushFrame: Sendable, Equatable {
    /// A message for something the client subscribes to: pass it on as it is.
    case deliver
    /// A shard confirming a (un)subscription drover asked for.
    case confirmation
    /// An error: the subscriber connection is unusable.
    case error
    /// Anything else (a message for a channel the client has left): not for the client.
    case drop
}
