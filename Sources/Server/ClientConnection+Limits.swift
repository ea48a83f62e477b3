import Backend
import DroverCore
import Logging
import RESP

/// What one client can make drover hold, and how it is bounded.
///
/// ```
///   client ──► input ──frame──► backends' out buffers ──► redis ──► slots ──► output ──► client
///              ≤ one request     ≤ maxInFlightBytes               held + output ≤ max_client_output
///              (max_request_size)  (+ one request)
/// ```
///
/// - Requests: drover stops reading from a client (removes EPOLLIN, so the kernel's socket
///   buffers and then the client itself wait) while it has `maxPipelined` requests queued
///   or `maxInFlightBytes` of request bytes whose replies are not yet in `output`, and
///   reads again once both are below half. A client pipelining without end therefore never
///   makes drover buffer more than that window of its requests.
/// - Replies: the bytes in `output` plus the replies held in `slots` for an older one
///   (`heldBytes`) may not pass `max_client_output`; past it the client is disconnected and
///   logged, like Redis's hard output-buffer limit. The check runs when a turn's replies are
///   flushed, so the peak is the limit plus what the backends delivered in that turn.
///
/// - Declared lengths: a request's buffer grows with the bytes that arrive, at most
///   `maxReserveAhead` beyond them, never to a size a header merely declares.
///
/// Per client, drover's memory is thus at most `max_client_output` + `maxInFlightBytes` +
/// 2 × `max_request_size` (one request being received, one being forwarded) + about
/// 100 bytes per queued request (`maxPipelined` of them): with the defaults and small
/// requests, `max_client_output` + about 1.2 MiB.
extension ClientConnection {
    /// Most requests one client may have queued (sent on or answered but not yet in
    /// `output`) before drover stops reading from it.
    static let maxPipelined = 1024
    /// Most request bytes one client may have in flight before drover stops reading from it.
    static let maxInFlightBytes = 1 << 20
    /// Most free space reserved ahead of a request's bytes when it declares a big bulk; the
    /// buffer grows (doubling) with the bytes that actually arrive, up to max_request_size.
    static let maxReserveAhead = 1 << 20

    /// Whether EPOLLIN belongs in the interest set.
    var wantsRead: Bool { !inputClosed && !readPaused }

    /// Stops reading: the in-flight window is full.
    func pauseReading() {
        guard !readPaused else { return }
        readPaused = true
        poller.setInterest(self, read: false, write: wantsWrite)
    }

    /// Frames what was left unread in the input, then reads again unless that filled the
    /// window once more. Runs from `flush()`, at the end of a turn, never inside a
    /// backend's delivery.
    func resumeReading() {
        readPaused = false
        processInput()
        if fd >= 0 && wantsRead { poller.setInterest(self, read: true, write: wantsWrite) }
    }

    /// Counts `count` reply bytes held in a slot for an older reply; over the limit, the
    /// client is closed by the flush at the end of this turn (not here: a backend is
    /// delivering replies to it right now).
    func hold(_ count: Int) {
        heldBytes += count
        if heldBytes > outputLimit { poller.queueFlush(self) }
    }

    /// Counts a reply (or drover's error in its place) that a pending slot keeps until it
    /// is complete (fragments to merge, a transaction's replies, a dedicated connection's
    /// answer); ``finishPending(seq:_:)`` gives them all back at once.
    func holdPending(_ pending: PendingReply, _ count: Int) {
        pending.heldBytes += count
        hold(count)
    }

    /// Disconnects a client whose unsent replies passed `max_client_output`, and logs it.
    func closeForOutputLimit() {
        counters.outputLimitDisconnects.increment()
        worker.logger.warning("client output limit reached: closing the connection", metadata: [
            "client": "\(id)", "peer": "\(PeerAddress.describe(fd))",
            "unsent_bytes": "\(output.readableCount + heldBytes)", "max_client_output": "\(outputLimit)"])
        close()
    }

    /// Counts a malformed request (the caller replies and closes).
    func protocolError(_ error: ProtocolError) {
        counters.protocolErrors.increment()
        worker.logger.debug("protocol error: closing the connection", metadata: [
            "client": "\(id)", "error": "\(error.message)"])
    }

    /// After a local command changed the session's authentication: applies Redis's small
    /// request limits while the client is not authenticated, and counts and logs refused
    /// passwords (never the password itself; at most one line per second per worker).
    func authenticationChanged(failed: Int) {
        let limits = pool.snapshot.requestLimits
        framer.limits = session.authenticated ? limits : limits.beforeAuthentication()
        guard failed > 0 else { return }
        counters.authFailures.increment(by: failed)
        if let suppressed = worker.authFailureLog.admit(now: worker.now) {
            var metadata: Logger.Metadata = ["client": "\(id)", "peer": "\(PeerAddress.describe(fd))"]
            if suppressed > 0 { metadata["not_logged_since_last"] = "\(suppressed)" }
            worker.logger.warning("client authentication failed", metadata: metadata)
        }
    }
}
