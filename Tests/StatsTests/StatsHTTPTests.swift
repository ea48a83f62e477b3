import Stats
import Testing

@Suite struct StatsHTTPTests {
    private func respond(_ request: String) -> String {
        String(decoding: StatsHTTP.respond(to: Array(request.utf8)) { StatsFixture.snapshot() }, as: UTF8.self)
    }

    @Test func headCompleteness() {
        #expect(!StatsHTTP.headIsComplete(Array("GET /metrics HTTP/1.1\r\nHost: x\r\n".utf8)))
        #expect(StatsHTTP.headIsComplete(Array("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".utf8)))
        #expect(StatsHTTP.headIsComplete(Array("GET / HTTP/1.0\n\n".utf8)))
    }

    @Test func metricsAndStats() {
        let metrics = respond("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(metrics.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
        #expect(metrics.contains("\r\nConnection: close\r\n\r\n# HELP drover_info "))
        let body = metrics.components(separatedBy: "\r\n\r\n")[1]
        #expect(metrics.contains("Content-Length: \(body.utf8.count)\r\n"))

        let stats = respond("GET /stats?pretty HTTP/1.0\r\n\r\n")
        #expect(stats.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"))
        #expect(stats.contains("\"config_generation\":3"))
    }

    @Test func errors() {
        #expect(respond("GET /nope HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(respond("POST /metrics HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
        #expect(respond("hello\r\n\r\n").hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        let head = respond("HEAD /metrics HTTP/1.1\r\n\r\n")
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n") && head.hasSuffix("\r\n\r\n"), "HEAD has no body")
    }
}
