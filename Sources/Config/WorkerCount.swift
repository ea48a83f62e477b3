/// How many workers run when the config does not say (`workers` left out).
public enum WorkerCount {
    /// One worker per CPU drover may use, but one: at least 1.
    ///
    /// Measured on a 2-core box (BENCHMARKS.md, "Workers"): a worker on every core lost
    /// 7-28% of unpipelined throughput against one worker (proxy-bench, 3 shards and 1),
    /// because drover shares the cores with Redis and its clients, and each extra worker
    /// splits the batches written to every backend (Redis spent 6-8% more CPU per request).
    /// The core left over serves the kernel's network work, drover's control threads and
    /// whatever else runs there.
    public static func automatic(usableCPUs: Int) -> Int { max(1, usableCPUs - 1) }
}
