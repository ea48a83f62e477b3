extension ClientSession {
    /// Whether requests need more than routing: a transaction is being queued, or a RESP2
    /// client is subscribed (and may send only subscription commands, PING, QUIT, RESET).
    @inlinable public var isInSpecialMode: Bool {
        transaction.isQueuing || (protocolVersion == 2 && subscriptions.isSubscribed)
    }
}
