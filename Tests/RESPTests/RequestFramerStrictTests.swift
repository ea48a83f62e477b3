import Testing
import RESP

/// The checks drover adds for hostile clients: every CRLF is checked (as Redis 8 and Valkey
/// do), and a client that has not authenticated gets Redis's small request caps.
@Suite("RequestFramer: CRLF checks and limits before AUTH")
struct RequestFramerStrictTests {
    /// Valkey's protocol.tcl "Check CRLF when parsing the querybuf": each line of
    /// `*3 $3 SET $3 key $5 value` broken three ways, with the error it must give.
    @Test(arguments: [
        ("*3x\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", ProtocolError.invalidMultibulkLength),
        ("*3\rx$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", .invalidCRLF),
        ("*3xx$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", .invalidMultibulkLength),
        ("*3\r\n$3x\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", .invalidBulkLength),
        ("*3\r\n$3\rxSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", .invalidCRLF),
        ("*3\r\n$3xxSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", .invalidBulkLength),
        ("*3\r\n$3\r\nSET\rx$3\r\nkey\r\n$5\r\nvalue\r\n", .invalidCRLF),
        ("*3\r\n$3\r\nSETx\n$3\r\nkey\r\n$5\r\nvalue\r\n", .invalidCRLF),
        ("*3\r\n$3\r\nSETxx$3\r\nkey\r\n$5\r\nvalue\r\n", .invalidCRLF),
        ("*3\r\n$3\r\nSET\r\n$3\r\nkeyx\n$5\r\nvalue\r\n", .invalidCRLF),
        ("*3\r\n$3\r\nSET\r\n$3\r\nkey\rx$5\r\nvalue\r\n", .invalidCRLF),
        ("*3\r\n$3\r\nSET\r\n$3\r\nkeyxx$5\r\nvalue\r\n", .invalidCRLF),
        ("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5x\nvalue\r\n", .invalidBulkLength),
        ("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\rxvalue\r\n", .invalidCRLF),
        ("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5xxvalue\r\n", .invalidBulkLength),
        ("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvaluex\n", .invalidCRLF),
        ("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\rx", .invalidCRLF),
        ("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvaluexx", .invalidCRLF),
    ])
    func brokenCRLF(request: String, error: ProtocolError) {
        #expect(frameWhole(bytes(request)) == .error(error))
        // The same error whichever way the bytes arrive.
        let framed = frameRequestStream(bytes(request), chunks: Array(repeating: 1, count: request.utf8.count))
        #expect(framed.events == [.error(error)])
    }

    @Test func wellFormedRequestStillFrames() {
        let request = bytes("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n")
        #expect(frameRequest(request)?.args == [bytes("SET"), bytes("key"), bytes("value")])
    }

    @Test func beforeAuthenticationCapsArgumentsAndBulks() {
        let limits = RequestLimits.redisDefaults.beforeAuthentication()
        #expect(limits.authRequired && limits.maxArgs == 10 && limits.maxBulkLength == 16_384)
        #expect(!RequestLimits.redisDefaults.authRequired)
        // auth.tcl "For unauthenticated clients multibulk and bulk length are limited".
        #expect(frameWhole(bytes("*100\r\n"), limits: limits) == .error(.unauthenticatedMultibulkLength))
        #expect(frameWhole(bytes("*1\r\n$100000000\r\n"), limits: limits) == .error(.unauthenticatedBulkLength))
        #expect(ProtocolError.unauthenticatedMultibulkLength.message == "ERR Protocol error: unauthenticated multibulk length")
        #expect(ProtocolError.unauthenticatedBulkLength.message == "ERR Protocol error: unauthenticated bulk length")
        // At the caps exactly, requests frame.
        let ten = RESP.command(Array(repeating: "x", count: 10))
        #expect(frameWhole(ten, limits: limits) == .request(length: ten.count))
        #expect(frameWhole(bytes("*11\r\n"), limits: limits) == .error(.unauthenticatedMultibulkLength))
        let big = RESP.command(["AUTH", String(repeating: "p", count: 16_384)])
        #expect(frameWhole(big, limits: limits) == .request(length: big.count))
        #expect(frameWhole(bytes("*2\r\n$4\r\nAUTH\r\n$16385\r\n"), limits: limits) == .error(.unauthenticatedBulkLength))
    }

    @Test func lengthsInvalidForEveryoneKeepTheirErrorBeforeAuth() {
        let limits = RequestLimits.redisDefaults.beforeAuthentication()
        #expect(frameWhole(bytes("*3000000000\r\n"), limits: limits) == .error(.invalidMultibulkLength))
        #expect(frameWhole(bytes("*1\r\n$3000000000\r\n"), limits: limits) == .error(.invalidBulkLength))
        #expect(frameWhole(bytes("*1\r\n$-3\r\n"), limits: limits) == .error(.invalidBulkLength))
        // Inline commands have only the line cap, before AUTH as after.
        #expect(frameRequest(bytes("AUTH secret\r\n"), limits: limits)?.args == [bytes("AUTH"), bytes("secret")])
    }
}
