import Testing
import RESP

@Suite("ReplyReader")
struct ReplyReaderTests {
    private func read<R>(_ text: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        withMovedBytes(bytes(text)[...], body)
    }

    @Test func integers() {
        #expect(read(":0\r\n", ReplyReader.integer) == 0)
        #expect(read(":42\r\n", ReplyReader.integer) == 42)
        #expect(read(":-7\r\n", ReplyReader.integer) == -7)
        #expect(read(":9223372036854775807\r\n", ReplyReader.integer) == Int.max)
        #expect(read(":-9223372036854775808\r\n", ReplyReader.integer) == Int.min)
    }

    @Test(arguments: [":9223372036854775808\r\n", ":\r\n", ":1", ":1\r", ":1\n\r", ":+1\r\n", ":01\r\n",
                      ":1x\r\n", "$1\r\n1\r\n", "+1\r\n", "", ":1\r\n:2\r\n"])
    func notIntegers(text: String) {
        #expect(read(text, ReplyReader.integer) == nil)
    }

    @Test func errors() {
        #expect(read("-ERR no\r\n", ReplyReader.isError))
        #expect(read("-MOVED 1 a:1\r\n", ReplyReader.isError))
        #expect(read("!3\r\nERR\r\n", ReplyReader.isError))
        #expect(!read("+OK\r\n", ReplyReader.isError))
        #expect(!read("$3\r\n-no\r\n", ReplyReader.isError))
        #expect(!read("", ReplyReader.isError))
    }

    @Test func ok() {
        #expect(read("+OK\r\n", ReplyReader.isOK))
        for text in ["+OK", "+OKAY\r\n", "+ok\r\n", "$2\r\nOK\r\n", "+QUEUED\r\n", "-OK\r\n", "+OK\r\n+OK\r\n", ""] {
            #expect(!read(text, ReplyReader.isOK), "\(text.debugDescription)")
        }
    }

    @Test func mgetArrayElements() {
        let reply = "*3\r\n$3\r\nfoo\r\n$-1\r\n$0\r\n\r\n"
        var elements: [ArgRange] = []
        #expect(read(reply) { ReplyReader.arrayElements($0, into: &elements) })
        #expect(elements == [ArgRange(offset: 4, count: 9), ArgRange(offset: 13, count: 5), ArgRange(offset: 18, count: 6)])
    }

    @Test func elementsAreWholeEncodings() {
        // Nested aggregates count as one element each; ranges append to what is there.
        let reply = "~3\r\n*2\r\n:1\r\n:2\r\n%1\r\n+k\r\n+v\r\n_\r\n"
        var elements = [ArgRange(offset: 99, count: 1)]
        #expect(read(reply) { ReplyReader.arrayElements($0, into: &elements) })
        #expect(elements == [
            ArgRange(offset: 99, count: 1), ArgRange(offset: 4, count: 12),
            ArgRange(offset: 16, count: 12), ArgRange(offset: 28, count: 3),
        ])
        var push: [ArgRange] = []
        #expect(read(">2\r\n+message\r\n$2\r\nhi\r\n") { ReplyReader.arrayElements($0, into: &push) })
        #expect(push == [ArgRange(offset: 4, count: 10), ArgRange(offset: 14, count: 8)])
    }

    @Test func emptyArray() {
        var elements: [ArgRange] = []
        #expect(read("*0\r\n") { ReplyReader.arrayElements($0, into: &elements) })
        #expect(elements.isEmpty)
    }

    @Test(arguments: ["*-1\r\n", "$3\r\nfoo\r\n", "%1\r\n+a\r\n+b\r\n", "-ERR x\r\n", "*2\r\n:1\r\n", "*x\r\n", "*1\r\n?\r\n", "", "*1"])
    func notArrays(text: String) {
        var elements = [ArgRange(offset: 1, count: 1)]
        #expect(!read(text) { ReplyReader.arrayElements($0, into: &elements) })
        #expect(elements == [ArgRange(offset: 1, count: 1)])
    }
}
