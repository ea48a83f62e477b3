import Testing
import RESP

/// Golden bytes of everything drover writes: these are the wire format clients parse.
@Suite("Encoding")
struct EncodingTests {
    private func encoded(_ write: (ByteBuffer) -> Void) -> String {
        let buffer = ByteBuffer(capacity: 1)
        write(buffer)
        return String(decoding: buffer.readableBytes, as: UTF8.self)
    }

    @Test func simpleStringsAndErrors() {
        #expect(encoded { $0.appendSimpleString("OK") } == "+OK\r\n")
        #expect(encoded { $0.appendSimpleString("") } == "+\r\n")
        #expect(encoded { $0.appendSimpleString("a\r\nb") } == "+a  b\r\n")
        #expect(encoded { $0.appendError("ERR unknown command 'FOO'") } == "-ERR unknown command 'FOO'\r\n")
        #expect(encoded { $0.appendError("ERR bad\r\nthing\n") } == "-ERR bad  thing \r\n")
        #expect(encoded { $0.appendError(ProtocolError.invalidMultibulkLength.message) }
                == "-ERR Protocol error: invalid multibulk length\r\n")
        #expect(encoded { $0.appendError("ERR drover: shard 'é' is down") } == "-ERR drover: shard 'é' is down\r\n")
    }

    @Test func integers() {
        #expect(encoded { $0.appendInteger(0) } == ":0\r\n")
        #expect(encoded { $0.appendInteger(-42) } == ":-42\r\n")
        #expect(encoded { $0.appendInteger(Int.max) } == ":9223372036854775807\r\n")
        #expect(encoded { $0.appendInteger(Int.min) } == ":-9223372036854775808\r\n")
    }

    @Test func bulksAndNulls() {
        #expect(encoded { $0.appendBulk("hello") } == "$5\r\nhello\r\n")
        #expect(encoded { $0.appendBulk("") } == "$0\r\n\r\n")
        #expect(encoded { $0.appendBulk("é") } == "$2\r\né\r\n")
        let raw: [UInt8] = [0, 13, 10, 255]
        let buffer = ByteBuffer(capacity: 4)
        raw.withUnsafeBytes { buffer.appendBulk($0) }
        #expect(buffer.readableBytes == bytes("$4\r\n") + raw + bytes("\r\n"))
        #expect(encoded { $0.appendNull() } == "$-1\r\n")
        #expect(encoded { $0.appendNullArray() } == "*-1\r\n")
    }

    @Test func headersLetCallerWriteBodies() {
        let text = encoded { buffer in
            buffer.appendArrayHeader(2)
            buffer.appendBulkHeader(3)
            buffer.append("foo")
            buffer.appendCRLF()
            buffer.appendNull()
        }
        #expect(text == "*2\r\n$3\r\nfoo\r\n$-1\r\n")
        #expect(encoded { $0.appendArrayHeader(0) } == "*0\r\n")
    }

    @Test func encodedRepliesFrame() {
        let buffer = ByteBuffer(capacity: 8)
        buffer.appendArrayHeader(3)
        buffer.appendInteger(7)
        buffer.appendBulk("x")
        buffer.appendError("ERR no")
        verifyReply(buffer.readableBytes)
    }

    @Test func command() {
        #expect(RESP.command(["GET", "key"]) == bytes("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n"))
        #expect(RESP.command([]) == bytes("*0\r\n"))
        #expect(RESP.command(["SET", "k", ""]) == bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"))
        #expect(RESP.command(["ECHO", "ü\r\n"]) == bytes("*2\r\n$4\r\nECHO\r\n$4\r\nü\r\n\r\n"))
        verifyRequest(RESP.command(["MGET", "a", "b", "c"]), args: ["MGET", "a", "b", "c"].map { bytes($0) })
    }
}
