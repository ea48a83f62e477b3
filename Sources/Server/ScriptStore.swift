import DroverCore
import Synchronization

/// The pool's ``ScriptBook``, shared by every worker: a script loaded through one worker
/// must be known to all. Touched only by EVAL, SCRIPT LOAD/FLUSH and NOSCRIPT retries,
/// never by the hot path.
///
/// A reload that builds a new ``PoolSnapshot`` should hand it the old snapshot's store,
/// so scripts loaded before the reload can still be loaded onto shards added by it.
final class ScriptStore: Sendable {
    private let book = Mutex(ScriptBook())

    /// Keeps a script body; returns its SHA1.
    @discardableResult
    func record(_ body: UnsafeRawBufferPointer) -> String {
        book.withLock { $0.record(body) }
    }

    /// The body named by an EVALSHA's SHA1 argument, if known.
    func body(forSHA sha: UnsafeRawBufferPointer) -> [UInt8]? {
        book.withLock { $0.body(forSHA: sha) }
    }

    /// SCRIPT FLUSH: forget every body.
    func removeAll() {
        book.withLock { $0.removeAll() }
    }
}
