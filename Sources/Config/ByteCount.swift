/// Byte counts as people write them in the config file and read them in summaries.
enum ByteCount {
    /// The largest size setting accepted (1 TiB): anything near it is a typo.
    static let limit = 1 << 40

    /// Units accepted after the digits, as in redis.conf: `k` is 1000 and `kb` 1024.
    static let units = ["": 1, "b": 1, "k": 1000, "kb": 1 << 10, "m": 1_000_000, "mb": 1 << 20,
                        "g": 1_000_000_000, "gb": 1 << 30]

    /// Parses `1048576`, `512mb`, `64KB`...; nil if the text is not such a count. Counts too
    /// large for an `Int` come back as `Int.max`, so range checks report them as such.
    static func parse(_ text: String) -> Int? {
        let lowered = text.lowercased()
        let digits = lowered.prefix(while: \.isASCIIDigit)
        guard !digits.isEmpty, let unit = units[String(lowered.dropFirst(digits.count))] else {
            return nil
        }
        let (bytes, overflow) = (Int(digits) ?? .max).multipliedReportingOverflow(by: unit)
        return overflow ? .max : bytes
    }

    /// The count in the largest binary unit that divides it exactly (`512 MiB`, `1500 bytes`).
    static func describe(_ count: Int) -> String {
        for (shift, unit) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")]
        where count >= 1 << shift && count % (1 << shift) == 0 {
            return "\(count >> shift) \(unit)"
        }
        return count == 1 ? "1 byte" : "\(count) bytes"
    }
}
