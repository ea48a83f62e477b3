import DroverCore
import RESP
import Testing

@Suite struct SplitPlanTests {
    let map = threeShards()

    private func splitPlan(_ args: [String]) -> SplitPlan? {
        let decision = withRequest(args) { Router(shards: map).route($0) }
        if case .split(let plan) = decision { return plan }
        Issue.record("\(args) was not split: \(decision)")
        return nil
    }

    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func mgetIsCutPerShardAndMergedInKeyOrder() throws {
        let a = map.keys(on: 0, count: 2, prefix: "a")
        let b = map.keys(on: 1, count: 1, prefix: "b")
        let c = map.keys(on: 2, count: 1, prefix: "c")
        // Interleaved so the merge has to reorder: a0 b0 a1 c0
        let plan = try #require(splitPlan(["MGET", a[0], b[0], a[1], c[0]]))
        #expect(plan.fragments.map(\.shard) == [0, 1, 2])
        #expect(Array(plan.request(of: 0)) == RESP.command(["MGET", a[0], a[1]]))
        #expect(Array(plan.request(of: 1)) == RESP.command(["MGET", b[0]]))
        #expect(Array(plan.request(of: 2)) == RESP.command(["MGET", c[0]]))

        let out = ByteBuffer()
        plan.merged([bytes("*2\r\n$2\r\nA0\r\n$-1\r\n"), bytes("*1\r\n$2\r\nB0\r\n"), bytes("*1\r\n$2\r\nC0\r\n")], into: out)
        #expect(text(out) == "*4\r\n$2\r\nA0\r\n$2\r\nB0\r\n$-1\r\n$2\r\nC0\r\n")
    }

    @Test func msetKeepsPairsTogether() throws {
        let a = map.keys(on: 0, count: 1, prefix: "a")
        let b = map.keys(on: 2, count: 1, prefix: "b")
        let plan = try #require(splitPlan(["MSET", a[0], "1", b[0], "2"]))
        #expect(Array(plan.request(of: 0)) == RESP.command(["MSET", a[0], "1"]))
        #expect(Array(plan.request(of: 1)) == RESP.command(["MSET", b[0], "2"]))
        let ok = ByteBuffer()
        plan.merged([bytes("+OK\r\n"), bytes("+OK\r\n")], into: ok)
        #expect(text(ok) == "+OK\r\n")
        let failed = ByteBuffer()
        plan.merged([bytes("+OK\r\n"), bytes("-ERR drover: shard 's2' timed out\r\n")], into: failed)
        #expect(text(failed) == "-ERR drover: shard 's2' timed out\r\n")
    }

    @Test func delAndExistsSumTheirCounts() throws {
        let a = map.keys(on: 0, count: 2, prefix: "a")
        let b = map.keys(on: 1, count: 1, prefix: "b")
        for command in ["DEL", "UNLINK", "EXISTS", "TOUCH"] {
            let plan = try #require(splitPlan([command, a[0], b[0], a[1]]))
            let out = ByteBuffer()
            plan.merged([bytes(":2\r\n"), bytes(":1\r\n")], into: out)
            #expect(text(out) == ":3\r\n", "\(command)")
        }
    }

    @Test func anErrorFromOneShardIsTheAnswer() throws {
        let a = map.keys(on: 0, count: 1, prefix: "a")
        let b = map.keys(on: 1, count: 1, prefix: "b")
        let plan = try #require(splitPlan(["MGET", a[0], b[0]]))
        let out = ByteBuffer()
        plan.merged([bytes("*1\r\n$1\r\nx\r\n"), bytes("-ERR drover: cannot connect\r\n")], into: out)
        #expect(text(out) == "-ERR drover: cannot connect\r\n")
    }

    @Test func aMalformedShardReplyIsAnErrorNotGarbage() throws {
        let a = map.keys(on: 0, count: 1, prefix: "a")
        let b = map.keys(on: 1, count: 1, prefix: "b")
        let plan = try #require(splitPlan(["MGET", a[0], b[0]]))
        let out = ByteBuffer()
        // Shard 1 answered two elements for one key: never pass that on.
        plan.merged([bytes("*1\r\n$1\r\nx\r\n"), bytes("*2\r\n$1\r\ny\r\n$1\r\nz\r\n")], into: out)
        #expect(text(out) == "-\(ErrorText.unexpectedShardReply)\r\n")
    }
}
