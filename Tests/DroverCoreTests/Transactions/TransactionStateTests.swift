import DroverCore
import RESP
import Testing

@Suite struct TransactionStateTests {
    let map = threeShards()
    var router: Router { Router(shards: map) }

    /// Feeds one request to the state as the connection layer does.
    private func step(_ state: inout TransactionState, _ args: [String], split: Bool = false) -> TransactionStep {
        withRequest(args) { request in
            let decision = router.route(request)
            if case let .transaction(command, spec) = decision {
                return state.handle(command, spec: spec, request: request, router: router, splitAcrossShards: split)
            }
            return state.queue(request, decision: decision, maxBytes: 1 << 20)
        }
    }

    private func reply(_ step: TransactionStep) -> TransactionReply? {
        if case .reply(let reply) = step.work { return reply }
        return nil
    }

    private func plan(_ step: TransactionStep) -> ExecPlan? {
        if case .execute(let plan) = step.work { return plan }
        Issue.record("not executed: \(step.work)")
        return nil
    }

    @Test func queuesAndRunsOnTheKeysShard() throws {
        var state = TransactionState()
        let keys = map.keys(on: 1, count: 2)
        #expect(reply(step(&state, ["MULTI"])) == .ok)
        #expect(state.isQueuing)
        #expect(reply(step(&state, ["SET", keys[0], "1"])) == .queued)
        #expect(reply(step(&state, ["MGET", keys[0], keys[1]])) == .queued)
        #expect(reply(step(&state, ["PING"])) == .queued)
        let run = step(&state, ["EXEC"])
        #expect(run.release == .keep)
        let exec = try #require(plan(run))
        #expect(exec.blocks.count == 1)
        let block = exec.blocks[0]
        #expect(block.shard == 1 && !block.pinned && block.requestCount == 5)
        let expected = [["MULTI"], ["SET", keys[0], "1"], ["MGET", keys[0], keys[1]], ["PING"], ["EXEC"]]
        #expect(block.requests == expected.flatMap { RESP.command($0) })
        #expect(block.ends.last == block.requests.count)
        #expect(!state.isQueuing)

        // One block: EXEC's reply is the client's, byte for byte.
        let out = ByteBuffer()
        exec.merged(FragmentReplies([Array("*3\r\n+OK\r\n*2\r\n$1\r\n1\r\n$-1\r\n+PONG\r\n".utf8)]), into: out)
        #expect(text(out) == "*3\r\n+OK\r\n*2\r\n$1\r\n1\r\n$-1\r\n+PONG\r\n")
    }

    @Test func errorsBehaveAsRedisErrors() {
        var state = TransactionState()
        #expect(reply(step(&state, ["EXEC"])) == .error("ERR EXEC without MULTI"))
        #expect(reply(step(&state, ["DISCARD"])) == .error("ERR DISCARD without MULTI"))
        #expect(reply(step(&state, ["MULTI"])) == .ok)
        #expect(reply(step(&state, ["MULTI"])) == .error("ERR MULTI calls can not be nested"))
        #expect(reply(step(&state, ["WATCH", "a"])) == .error("ERR WATCH inside MULTI is not allowed"))
        #expect(reply(step(&state, ["SET", "a", "1"])) == .queued)
        #expect(reply(step(&state, ["EXEC"])) != .error("EXECABORT Transaction discarded because of previous errors."),
                "nested MULTI and WATCH do not abort")

        #expect(reply(step(&state, ["MULTI"])) == .ok)
        #expect(reply(step(&state, ["SET", "a"])) == .error("ERR wrong number of arguments for 'set' command"))
        #expect(reply(step(&state, ["KEYS", "*"])) == .error(TransactionText.notInMulti("KEYS")))
        #expect(reply(step(&state, ["SUBSCRIBE", "c"])) == .error(TransactionText.notInMulti("SUBSCRIBE")))
        #expect(reply(step(&state, ["EXEC"])) == .error("EXECABORT Transaction discarded because of previous errors."))

        #expect(reply(step(&state, ["MULTI"])) == .ok)
        if case .route = step(&state, ["QUIT"]).work {} else { Issue.record("QUIT inside MULTI must run at once") }
        #expect(reply(step(&state, ["DISCARD"])) == .ok)
        #expect(reply(step(&state, ["MULTI"])) == .ok)
        #expect(reply(step(&state, ["EXEC"])) == .emptyArray)
    }

    @Test func keysOnSeveralShardsAreRefusedOrSplit() throws {
        let a = map.keys(on: 0, count: 2, prefix: "a")
        let b = map.keys(on: 2, count: 1, prefix: "b")
        let commands = [["SET", a[0], "1"], ["MSET", b[0], "2", a[1], "3"], ["GET", b[0]], ["ECHO", "e"]]

        var refused = TransactionState()
        _ = step(&refused, ["MULTI"])
        for command in commands { _ = step(&refused, command) }
        #expect(reply(step(&refused, ["EXEC"])) == .error(TransactionText.crossShard(2)))

        var split = TransactionState()
        _ = step(&split, ["MULTI"], split: true)
        for command in commands { _ = step(&split, command, split: true) }
        let exec = try #require(plan(step(&split, ["EXEC"], split: true)))
        #expect(exec.blocks.map(\.shard) == [0, 2])
        #expect(exec.blocks[0].requests == [["MULTI"], ["SET", a[0], "1"], ["MSET", a[1], "3"], ["ECHO", "e"], ["EXEC"]]
            .flatMap { RESP.command($0) })
        #expect(exec.blocks[1].requests == [["MULTI"], ["MSET", b[0], "2"], ["GET", b[0]], ["EXEC"]].flatMap { RESP.command($0) })

        // Each command's result comes back in the client's order; MSET's halves are merged.
        let out = ByteBuffer()
        exec.merged(FragmentReplies([Array("*3\r\n+OK\r\n+OK\r\n$1\r\ne\r\n".utf8), Array("*2\r\n+OK\r\n$1\r\n2\r\n".utf8)]),
                    into: out)
        #expect(text(out) == "*4\r\n+OK\r\n+OK\r\n$1\r\n2\r\n$1\r\ne\r\n")
        let failed = ByteBuffer()
        exec.merged(FragmentReplies([Array("*3\r\n+OK\r\n+OK\r\n$1\r\ne\r\n".utf8), Array("-EXECABORT no\r\n".utf8)]),
                    into: failed)
        #expect(text(failed) == "-EXECABORT no\r\n")
    }

    @Test func watchPinsOneShardAndIsReleasedByExecDiscardOrUnwatch() throws {
        let keys = map.keys(on: 2, count: 2)
        let other = map.keys(on: 0, count: 1)
        var state = TransactionState()
        guard case .sendPinned(2) = step(&state, ["WATCH", keys[0], keys[1]]).work else {
            Issue.record("WATCH did not pin shard 2")
            return
        }
        #expect(state.watchedShard == 2)
        #expect(reply(step(&state, ["WATCH", other[0]])) == .error(TransactionText.watchSpread))
        guard case .error(let spread) = reply(step(&state, ["WATCH", keys[0], other[0]])) else {
            Issue.record("WATCH over two shards accepted")
            return
        }
        #expect(spread.hasPrefix("CROSSSLOT"))

        _ = step(&state, ["MULTI"])
        _ = step(&state, ["INCR", keys[0]])
        let run = step(&state, ["EXEC"])
        #expect(run.release == .clean, "EXEC unwatches on the backend")
        #expect(try #require(plan(run)).blocks.map(\.pinned) == [true])
        #expect(state.watchedShard == nil)

        // An empty transaction still runs on the pinned connection: EXEC tells if the watch held.
        _ = step(&state, ["WATCH", keys[0]])
        _ = step(&state, ["MULTI"])
        let empty = try #require(plan(step(&state, ["EXEC"])))
        #expect(empty.blocks.count == 1 && empty.blocks[0].shard == 2 && empty.blocks[0].requestCount == 2)

        _ = step(&state, ["WATCH", keys[0]])
        _ = step(&state, ["MULTI"])
        _ = step(&state, ["SET", other[0], "x"])
        let crossing = step(&state, ["EXEC"])
        #expect(reply(crossing) == .error(TransactionText.watchedCrossShard))
        #expect(crossing.release == .unwatchFirst)

        _ = step(&state, ["WATCH", keys[0]])
        _ = step(&state, ["MULTI"])
        #expect(step(&state, ["DISCARD"]).release == .unwatchFirst)
        _ = step(&state, ["WATCH", keys[0]])
        let unwatch = step(&state, ["UNWATCH"])
        guard case .sendPinned(2) = unwatch.work, unwatch.release == .clean else {
            Issue.record("UNWATCH did not go over the pinned connection")
            return
        }
        #expect(reply(step(&state, ["UNWATCH"])) == .ok, "nothing watched: answered by drover")
        _ = step(&state, ["WATCH", keys[0]])
        #expect(state.reset() == .unwatchFirst)
    }

    @Test func evalshaInABlockNamesItsScript() throws {
        var state = TransactionState()
        let key = map.keys(on: 1, count: 1)[0]
        _ = step(&state, ["MULTI"])
        _ = step(&state, ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "1", key])
        let exec = try #require(plan(step(&state, ["EXEC"])))
        #expect(exec.blocks[0].shard == 1)
        #expect(exec.blocks[0].scriptSHAs == [Array("e0e1f9fabfc9d4800c877a703b823ac0578ff8db".utf8)])
    }
}
