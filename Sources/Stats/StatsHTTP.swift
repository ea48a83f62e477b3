/// The stats endpoint's tiny HTTP/1.x: one request per connection, answered and closed.
/// Pure: the listener reads the request head and writes what ``respond(to:snapshot:)``
/// returns.
public enum StatsHTTP {
    /// The most bytes of request head read before giving up.
    public static let maxHeadBytes = 8192

    /// Whether `bytes` holds a whole request head (up to the blank line).
    public static func headIsComplete(_ bytes: [UInt8]) -> Bool {
        let end: [UInt8] = [13, 10, 13, 10]
        return bytes.count >= 4 && bytes.indices.dropLast(3).contains { bytes[$0..<($0 + 4)].elementsEqual(end) }
            || bytes.count >= 2 && bytes.indices.dropLast(1).contains { bytes[$0] == 10 && bytes[$0 + 1] == 10 }
    }

    /// The response to a request head.
    ///
    /// - Parameters:
    ///   - head: The request's bytes, up to the blank line.
    ///   - snapshot: Called only for a request that needs the numbers.
    /// - Returns: A complete HTTP/1.1 response with `Connection: close`.
    public static func respond(to head: [UInt8], snapshot: () -> StatsSnapshot) -> [UInt8] {
        let line = head.prefix { $0 != 10 && $0 != 13 }
        let words = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
            .map { String(decoding: $0, as: UTF8.self) }
        guard words.count == 3, words[2].hasPrefix("HTTP/1.") else {
            return response(400, "Bad Request", type: "text/plain", body: Array("bad request\n".utf8))
        }
        let path = words[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard words[0] == "GET" || words[0] == "HEAD" else {
            return response(405, "Method Not Allowed", type: "text/plain", body: Array("use GET\n".utf8),
                            extra: "Allow: GET, HEAD\r\n")
        }
        var result: [UInt8]
        switch path {
        case "/metrics":
            result = response(200, "OK", type: "text/plain; version=0.0.4; charset=utf-8",
                              body: Array(snapshot().prometheusText().utf8))
        case "/stats":
            result = response(200, "OK", type: "application/json", body: snapshot().json())
        case "/":
            result = response(200, "OK", type: "text/plain",
                              body: Array("drover stats: GET /metrics (Prometheus) or GET /stats (JSON)\n".utf8))
        default:
            result = response(404, "Not Found", type: "text/plain", body: Array("not found: try /metrics or /stats\n".utf8))
        }
        if words[0] == "HEAD", let end = headEnd(result) { result.removeSubrange(end...) }
        return result
    }

    private static func response(_ status: Int, _ reason: String, type: String, body: [UInt8],
                                 extra: String = "") -> [UInt8] {
        let head = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\n"
            + extra + "Connection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    private static func headEnd(_ response: [UInt8]) -> Int? {
        let end: [UInt8] = [13, 10, 13, 10]
        return response.indices.dropLast(3).first { response[$0..<($0 + 4)].elementsEqual(end) }.map { $0 + 4 }
    }
}
