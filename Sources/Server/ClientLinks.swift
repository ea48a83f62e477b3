import Backend

/// A client's dedicated backend connections, from its worker's ``DedicatedPool``.
///
/// ```
///   pinned       WATCH k          one connection on k's shard until EXEC/DISCARD/UNWATCH;
///                                  the client's other requests to that shard use it too,
///                                  so they stay in order with the WATCH
///   blocking     BLPOP q 0, WAIT  per shard, while calls are in flight on it
///   subscribers  SUBSCRIBE c      per shard, while the client subscribes to anything there
/// ```
final class ClientLinks {
    /// One dedicated connection and the protocol it was set up for.
    struct Link {
        let connection: BackendConnection
        let shard: Int
        let protocolVersion: Int
        /// Blocking calls in flight on it.
        var calls = 0
        /// The connection's ``BackendConnection/openCount`` when WATCH went over it.
        var watchedOpenCount = 0
    }

    /// The shard WATCH pinned a connection on, or -1.
    private(set) var pinnedShard = -1
    private(set) var pinnedLink: Link?
    var blocking: [Int: Link] = [:]
    var subscribers: [Int: Link] = [:]
    /// Per subscriber connection: the slots waiting for its confirmations, oldest first,
    /// one entry per confirmation.
    var awaiting: [ObjectIdentifier: [Int]] = [:]

    /// The pinned connection, if `shard` is the pinned shard.
    @inline(__always) func pinned(_ shard: Int) -> BackendConnection? {
        shard == pinnedShard ? pinnedLink?.connection : nil
    }

    func pin(_ link: Link) {
        pinnedShard = link.shard
        pinnedLink = link
    }

    /// Notes that WATCH went over the pinned connection as it is now.
    func noteWatch() {
        guard let connection = pinnedLink?.connection else { return }
        pinnedLink?.watchedOpenCount = connection.openCount
    }

    /// Whether the pinned connection is still the one WATCH went over (not lost, not
    /// reopened since): only then does the backend still watch the keys.
    var watchHolds: Bool {
        guard let link = pinnedLink else { return false }
        return link.connection.state != .closed && link.connection.openCount == link.watchedOpenCount
    }

    /// Forgets the pinned connection and returns it.
    func unpin() -> Link? {
        defer {
            pinnedShard = -1
            pinnedLink = nil
        }
        return pinnedLink
    }

    /// Whether any subscriber connection still owes confirmations.
    var awaitsConfirmations: Bool { awaiting.values.contains { !$0.isEmpty } }
}
