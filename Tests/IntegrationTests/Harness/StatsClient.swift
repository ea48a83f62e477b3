import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads drover's numbers: INFO over a RESP connection, `/metrics` and `/stats` over HTTP.
enum StatsClient {
    /// `GET path` on 127.0.0.1:`port` with HTTP/1.0; returns the status code and body.
    static func get(port: Int, path: String, timeout: Double = 5) throws -> (status: Int, body: String) {
        let connection = try RESPConnection(port: port, timeout: timeout)
        try connection.send("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        guard let raw = connection.readUntilClosed(timeout: timeout) else {
            throw HarnessError("GET \(path): the stats endpoint did not close the connection")
        }
        let text = String(decoding: raw, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw HarnessError("GET \(path): no header end in \(text)") }
        let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, String(text[split.upperBound...]))
    }

    /// INFO's `field:value` lines as a dictionary.
    static func info(_ connection: RESPConnection, section: String? = nil) throws -> [String: String] {
        let reply = try section.map { try connection.command("INFO", $0) } ?? connection.command("INFO")
        guard let text = reply.text else { throw HarnessError("INFO answered \(reply)") }
        var fields: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return fields
    }

    /// Polls `DROVER GENERATION` until it reaches `generation` (or `timeout` passes).
    @discardableResult
    static func waitForGeneration(_ generation: Int, on connection: RESPConnection, timeout: Double = 10) throws -> Int {
        let deadline = Date().addingTimeInterval(timeout)
        var current = 0
        repeat {
            if case .integer(let value) = try connection.command("DROVER", "GENERATION") { current = value }
            if current >= generation { return current }
            usleep(10_000)
        } while Date() < deadline
        return current
    }
}
