import DroverCore
import RESP
import Testing

@Suite struct PubSubStateTests {
    let map = threeShards()

    private func handle(_ state: inout PubSubState, _ args: [String], protocolVersion: Int = 2) -> SubscriptionStep {
        withRequest(args) { request in
            guard case .subscription(let command) = Router(shards: map).route(request) else {
                fatalError("\(args) is not a subscription command")
            }
            return state.handle(command, request: request, shardOf: map.shard(for:), shardCount: 3,
                                protocolVersion: protocolVersion)
        }
    }

    private func confirmations(_ words: [(String, String?, Int)], push: Bool = false) -> String {
        words.map { word, name, count in
            let nameText = name.map { "$\($0.utf8.count)\r\n\($0)\r\n" } ?? (push ? "_\r\n" : "$-1\r\n")
            return "\(push ? ">" : "*")3\r\n$\(word.utf8.count)\r\n\(word)\r\n\(nameText):\(count)\r\n"
        }.joined()
    }

    @Test func channelsGoToTheirShardsAndAreCountedAsRedisCounts() {
        var state = PubSubState()
        let c0 = map.keys(on: 0, count: 2, prefix: "c")
        let c2 = map.keys(on: 2, count: 1, prefix: "c")
        let step = handle(&state, ["SUBSCRIBE", c0[0], c2[0], c0[1], c0[0]])
        #expect(step.sends.map(\.shard) == [0, 2])
        #expect(step.sends[0].request == RESP.command(["SUBSCRIBE", c0[0], c0[1]]))
        #expect(step.sends.map(\.confirmations) == [2, 1])
        #expect(String(decoding: step.reply, as: UTF8.self) == confirmations([
            ("subscribe", c0[0], 1), ("subscribe", c2[0], 2), ("subscribe", c0[1], 3), ("subscribe", c0[0], 3)]))
        #expect(state.isSubscribed)

        let patterns = handle(&state, ["PSUBSCRIBE", "news.*"])
        #expect(patterns.sends.map(\.shard) == [0, 1, 2], "patterns go to every shard")
        #expect(String(decoding: patterns.reply, as: UTF8.self) == confirmations([("psubscribe", "news.*", 4)]))
        let sharded = handle(&state, ["SSUBSCRIBE", "s"])
        #expect(String(decoding: sharded.reply, as: UTF8.self) == confirmations([("ssubscribe", "s", 1)]),
                "shard channels are counted apart")

        let leave = handle(&state, ["UNSUBSCRIBE", c2[0], "never-subscribed"])
        #expect(leave.sends.map(\.shard) == [2])
        #expect(String(decoding: leave.reply, as: UTF8.self)
                == confirmations([("unsubscribe", c2[0], 3), ("unsubscribe", "never-subscribed", 3)]))
        _ = handle(&state, ["UNSUBSCRIBE"])
        _ = handle(&state, ["PUNSUBSCRIBE"])
        #expect(state.isSubscribed, "the shard channel is left")
        let last = handle(&state, ["SUNSUBSCRIBE"], protocolVersion: 3)
        #expect(String(decoding: last.reply, as: UTF8.self) == confirmations([("sunsubscribe", "s", 0)], push: true))
        #expect(!state.isSubscribed)
        let none = handle(&state, ["UNSUBSCRIBE"], protocolVersion: 3)
        #expect(none.sends.isEmpty)
        #expect(String(decoding: none.reply, as: UTF8.self) == confirmations([("unsubscribe", nil, 0)], push: true))
    }

    @Test func framesFromShardsAreSortedOut() {
        var state = PubSubState()
        _ = handle(&state, ["SUBSCRIBE", "news"])
        _ = handle(&state, ["PSUBSCRIBE", "n*"])
        func classify(_ s: String) -> PushFrame { Array(s.utf8).withUnsafeBytes { state.classify($0) } }
        #expect(classify("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n") == .deliver)
        #expect(classify(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n") == .deliver)
        #expect(classify("*3\r\n$7\r\nmessage\r\n$5\r\nother\r\n$2\r\nhi\r\n") == .drop, "not subscribed")
        #expect(classify("*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$2\r\nhi\r\n") == .deliver)
        #expect(classify("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n") == .confirmation)
        #expect(classify("*3\r\n$11\r\nunsubscribe\r\n$4\r\nnews\r\n:0\r\n") == .confirmation)
        #expect(classify("-ERR boom\r\n") == .error)
        #expect(classify("+PONG\r\n") == .drop)
    }

    @Test func pingWhileSubscribedAnswersAsRedisDoes() {
        let out = ByteBuffer()
        withRequest(["PING"]) { PubSubState.pong($0, into: out) }
        #expect(text(out) == "*2\r\n$4\r\npong\r\n$0\r\n\r\n")
        #expect(PubSubState.notAllowed("GET")
                == "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context")
    }
}
