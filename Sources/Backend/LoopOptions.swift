/// How a worker's event loop waits, reads and writes: the alternatives the event-loop
/// study in BENCHMARKS.md measured, kept switchable (`drover --loop-option KEY=VALUE`) so
/// the choice can be measured again on other machines. The defaults are what measured best.
///
/// | key | values | default |
/// |---|---|---|
/// | `wait` | `block` (epoll_wait sleeps until an event or deadline), `poll` (never sleeps) | `block` |
/// | `batch` | events taken per epoll_wait, 1 to 4096 | 256 |
/// | `reads` | `once` (one read per readiness event), `while_full` (read again while a read fills the buffer, offering twice the room each time, up to 256 KiB per event), `drain` (read until EAGAIN) | `while_full` |
/// | `backend_writes` | `per_turn` (one write per backend for all clients of a turn), `per_client` (after each client's input), `gather` (per turn, after one more non-blocking epoll_wait has read what arrived meanwhile) | `per_turn` |
/// | `qos` | the worker queues' Dispatch QoS: `default`, `user_interactive`, `user_initiated`, `utility`, `background` | `default` |
public struct LoopOptions: Sendable, Equatable {
    /// When a connection reads again within one readiness event.
    public enum Reads: String, Sendable, CaseIterable {
        /// One read; level-triggered epoll reports what is left on the next turn.
        case once
        /// Again while a read filled all the room it was given (a short read means the
        /// socket is empty: no read ends in EAGAIN).
        case whileFull = "while_full"
        /// Again until the socket answers EAGAIN: one extra read per event.
        case drain
    }

    public enum QoS: String, Sendable, CaseIterable {
        case `default`, userInteractive = "user_interactive", userInitiated = "user_initiated", utility, background
    }

    /// Sleep in epoll_wait until something is due (design D); false spins with timeout 0.
    public var blockInEpoll = true
    /// epoll_wait's maxevents.
    public var batch: Int32 = 256
    public var reads: Reads = .whileFull
    /// Write backend requests after each client's input instead of once per turn.
    public var writePerClient = false
    /// Before a turn's writes, take what arrived while the turn ran (epoll_wait with a zero
    /// timeout), so more requests share each backend write.
    public var gatherBeforeWrites = false
    public var qos: QoS = .default

    public init() {}

    /// The most one connection reads in one readiness event: what it read is processed
    /// before the next read, but the replies it produces are only checked against
    /// `max_client_output` when the turn ends, and the other connections wait for it.
    public static let maxBytesPerEvent = 256 * 1024

    /// The most a request or reply may still lack for its connection to read on in the
    /// same event. A bigger one waits for the next event, whose read is sized to it: read
    /// on in pieces of whatever has arrived, its first bytes would be moved again at every
    /// read (100 KB SETs at P16 spent a third more instructions in memcpy).
    public static let maxLackingToReadOn = 64 * 1024

    /// Whether to read again in the same event, after a read that got `count` bytes and
    /// filled the buffer (`filled`), `total` bytes in this event so far, with the message
    /// being framed still `lacking` bytes.
    @inlinable public func readAgain(count: Int, filled: Bool, total: Int, lacking: Int) -> Bool {
        guard total < Self.maxBytesPerEvent && lacking <= Self.maxLackingToReadOn else { return false }
        switch reads {
        case .once: return false
        case .whileFull: return filled
        case .drain: return count > 0
        }
    }

    /// Applies one `KEY=VALUE`.
    /// - Throws: ``LoopOptionError`` naming the key or value it does not know.
    public mutating func apply(_ text: String) throws(LoopOptionError) {
        guard let equals = text.firstIndex(of: "=") else { throw LoopOptionError("expected KEY=VALUE, got '\(text)'") }
        let key = String(text[..<equals])
        let value = String(text[text.index(after: equals)...])
        func pick(_ choices: [String: Bool]) throws(LoopOptionError) -> Bool {
            guard let choice = choices[value] else {
                throw LoopOptionError("\(key) must be \(choices.keys.sorted().joined(separator: " or ")), got '\(value)'")
            }
            return choice
        }
        switch key {
        case "wait": blockInEpoll = try pick(["block": true, "poll": false])
        case "reads":
            guard let r = Reads(rawValue: value) else {
                throw LoopOptionError("reads must be one of \(Reads.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value)'")
            }
            reads = r
        case "backend_writes":
            let choice = ["per_turn": (false, false), "per_client": (true, false), "gather": (false, true)]
            guard let (perClient, gather) = choice[value] else {
                throw LoopOptionError("backend_writes must be gather, per_client or per_turn, got '\(value)'")
            }
            (writePerClient, gatherBeforeWrites) = (perClient, gather)
        case "batch":
            guard let n = Int32(value), (1...4096).contains(n) else { throw LoopOptionError("batch must be 1 to 4096, got '\(value)'") }
            batch = n
        case "qos":
            guard let q = QoS(rawValue: value) else {
                throw LoopOptionError("qos must be one of \(QoS.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value)'")
            }
            qos = q
        default:
            throw LoopOptionError("unknown loop option '\(key)' (wait, batch, reads, backend_writes, qos)")
        }
    }
}

/// A `--loop-option` drover does not understand.
public struct LoopOptionError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
