import DroverCore
import RESP
import Testing

@Suite struct MissReplyTests {
    func encoded(_ reply: MissReply, args: Int = 2, protocolVersion: Int = 2) -> String {
        let out = ByteBuffer(capacity: 64)
        reply.write(argumentCount: args, protocolVersion: protocolVersion, into: out)
        return text(out)
    }

    @Test func theIssuesExamples() {
        #expect(CommandTable.lookup("GET")?.missReply == .null)
        #expect(CommandTable.lookup("MGET")?.missReply == .nulls(from: 1))
        #expect(CommandTable.lookup("EXISTS")?.missReply == .integer(0))
        #expect(CommandTable.lookup("TTL")?.missReply == .integer(-2))
        #expect(CommandTable.lookup("PTTL")?.missReply == .integer(-2))
        #expect(encoded(.null) == "$-1\r\n")
        #expect(encoded(.nulls(from: 1), args: 4) == "*3\r\n$-1\r\n$-1\r\n$-1\r\n", "MGET a b c")
        #expect(encoded(.integer(0)) == ":0\r\n")
        #expect(encoded(.integer(-2)) == ":-2\r\n")
    }

    @Test func resp3ClientsGetResp3Nulls() {
        #expect(encoded(.null, protocolVersion: 3) == "_\r\n")
        #expect(encoded(.nulls(from: 2), args: 4, protocolVersion: 3) == "*2\r\n_\r\n_\r\n", "HMGET h f g")
        #expect(encoded(.emptyMap, protocolVersion: 3) == "%0\r\n")
        #expect(encoded(.emptyMap) == "*0\r\n")
        #expect(encoded(.emptySet, protocolVersion: 3) == "~0\r\n")
    }

    @Test func otherShapes() {
        #expect(encoded(.emptyString) == "$0\r\n\r\n")
        #expect(encoded(.status("none")) == "+none\r\n")
        #expect(encoded(.emptyArray) == "*0\r\n")
        #expect(encoded(.zeros(from: 2), args: 5) == "*3\r\n:0\r\n:0\r\n:0\r\n")
        #expect(encoded(.emptyScan) == "*2\r\n$1\r\n0\r\n*0\r\n")
        #expect(CommandTable.lookup("TYPE")?.missReply == .status("none"))
        #expect(CommandTable.lookup("HGETALL")?.missReply == .emptyMap)
    }

    @Test func onlyReadOnlyCommandsHaveAMissReply() {
        let withMiss = CommandTable.all.filter { $0.missReply != nil }
        #expect(withMiss.count > 40)
        for spec in withMiss {
            #expect(spec.flags.contains(.readonly), "\(spec.name) has a miss reply but may write")
        }
        for name in ["SET", "INCR", "DEL", "GETDEL", "GETEX", "SPOP"] {
            #expect(CommandTable.lookup(name)?.missReply == nil, "\(name) must answer the error")
        }
    }
}
