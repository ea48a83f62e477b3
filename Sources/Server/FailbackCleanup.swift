import DroverCore

/// Runs ``Failback``'s clean-up over hiredis before a primary is re-admitted: deletes, on
/// the primary and on each holder, every key of the shard that was written on the holders
/// while the shard was away. Blocking: runs on a Dispatch queue.
struct FailbackCleanup: Sendable {
    let primary: HealthProbe
    let holders: [HealthProbe]
    /// Whether a key belongs to the returning shard (on the pool's full ring).
    let belongs: @Sendable ([UInt8]) -> Bool

    /// Keys deleted per DEL.
    private static let batch = 500

    /// - Returns: the number of keys deleted, or what went wrong.
    func run() -> Result<Int, HiredisProblem> {
        do {
            let target = try primary.connect()
            let sources = try holders.map { probe throws(HiredisProblem) in try probe.connect() }
            var total = 0
            for _ in 0..<Failback.maxPasses {
                var found = 0
                for source in sources {
                    found += try clean(source, target: target)
                }
                total += found
                if found == 0 { break }
            }
            return .success(total)
        } catch {
            return .failure(error)
        }
    }

    /// One SCAN of `source`; the returning shard's keys are deleted on `target` first, then
    /// on `source` (so no reader ever sees the old value come back).
    private func clean(_ source: HiredisConnection, target: HiredisConnection) throws(HiredisProblem) -> Int {
        var cursor: [UInt8] = Array("0".utf8)
        var deleted = 0
        repeat {
            let reply = try source.command([Array("SCAN".utf8), cursor, Array("COUNT".utf8), Array("1000".utf8)])
            guard case .array(let parts) = reply, parts.count == 2, case .bulk(let next) = parts[0],
                  case .array(let elements) = parts[1] else {
                throw HiredisProblem(text: "SCAN answered \(reply)")
            }
            cursor = next
            let keys = elements.compactMap { element -> [UInt8]? in
                if case .bulk(let key) = element, belongs(key) { return key }
                return nil
            }
            var start = 0
            while start < keys.count {
                let chunk = Array(keys[start..<min(start + Self.batch, keys.count)])
                try delete(chunk, on: target)
                try delete(chunk, on: source)
                start += Self.batch
            }
            deleted += keys.count
        } while cursor != Array("0".utf8)
        return deleted
    }

    private func delete(_ keys: [[UInt8]], on connection: HiredisConnection) throws(HiredisProblem) {
        let reply = try connection.command([Array("DEL".utf8)] + keys)
        if case .error(let text) = reply { throw HiredisProblem(text: "DEL: \(text)") }
    }
}
