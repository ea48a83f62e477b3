import Foundation

/// What /proc says about a running process.
enum ProcessStats {
    /// Resident set size in bytes (VmRSS), or nil if the process is gone.
    static func residentBytes(_ pid: pid_t) -> Int? { statusField("VmRSS:", pid) }

    /// Virtual memory size in bytes (VmSize): what was allocated, touched or not.
    static func virtualBytes(_ pid: pid_t) -> Int? { statusField("VmSize:", pid) }

    /// A `... kB` line of /proc/PID/status, in bytes.
    private static func statusField(_ name: String, _ pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
        }
        return nil
    }

    /// Number of open file descriptors, or nil if the process is gone.
    static func openFDs(_ pid: pid_t) -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count
    }

    /// Samples a process's RSS every `interval` seconds on a thread of its own until
    /// stopped, and keeps the peak.
    final class PeakRSS: @unchecked Sendable {
        private let lock = NSLock()
        private var running = true
        private var highest = 0
        private let done = DispatchSemaphore(value: 0)

        init(pid: pid_t, interval: Double = 0.02) {
            Thread.detachNewThread { [self] in
                while lock.withLock({ running }) {
                    if let rss = ProcessStats.residentBytes(pid) { lock.withLock { highest = max(highest, rss) } }
                    Thread.sleep(forTimeInterval: interval)
                }
                done.signal()
            }
        }

        /// Stops sampling and returns the highest RSS seen, in bytes.
        func stop() -> Int {
            lock.withLock { running = false }
            done.wait()
            return lock.withLock { highest }
        }
    }
}
