import RESP
import Testing

@Suite struct ReplyReaderAggregatesTests {
    private func header(_ s: String) -> (type: UInt8, count: Int, headerLength: Int)? {
        Array(s.utf8).withUnsafeBytes { ReplyReader.aggregateHeader($0) }
    }

    private func text(_ s: String) -> String? {
        Array(s.utf8).withUnsafeBytes { ReplyReader.text($0).map { String(decoding: $0, as: UTF8.self) } }
    }

    private func isNull(_ s: String) -> Bool { Array(s.utf8).withUnsafeBytes { ReplyReader.isNull($0) } }

    @Test func aggregateHeaders() throws {
        let array = try #require(header("*2\r\n$1\r\na\r\n:1\r\n"))
        #expect(array.type == UInt8(ascii: "*") && array.count == 2 && array.headerLength == 4)
        let push = try #require(header(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nd\r\n"))
        #expect(push.type == UInt8(ascii: ">") && push.count == 3)
        let set = try #require(header("~0\r\n"))
        #expect(set.count == 0 && set.headerLength == 4)
        #expect(header("*-1\r\n") == nil)
        #expect(header("$3\r\nabc\r\n") == nil)
        #expect(header("*12") == nil)
    }

    @Test func texts() {
        #expect(text("$5\r\nhello\r\n") == "hello")
        #expect(text("$0\r\n\r\n") == "")
        #expect(text("+OK\r\n") == "OK")
        #expect(text("=15\r\ntxt:Some string\r\n") == "Some string")
        #expect(text("$-1\r\n") == nil)
        #expect(text("$5\r\nhell\r\n") == nil, "length must match")
        #expect(text(":1\r\n") == nil)
        #expect(text("=3\r\ntxt\r\n") == nil, "verbatim strings carry a format")
    }

    @Test func nulls() {
        #expect(isNull("$-1\r\n"))
        #expect(isNull("*-1\r\n"))
        #expect(isNull("_\r\n"))
        #expect(!isNull("$0\r\n\r\n"))
        #expect(!isNull("*0\r\n"))
        #expect(!isNull(":-1\r\n"))
    }
}
