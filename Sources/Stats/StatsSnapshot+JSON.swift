import Foundation

extension StatsSnapshot {
    /// The snapshot as JSON with snake_case keys, served at `GET /stats`.
    public func json() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain structs of strings and integers cannot fail.
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8)) + [UInt8(ascii: "\n")]
    }
}
