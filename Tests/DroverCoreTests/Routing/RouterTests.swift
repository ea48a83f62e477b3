import DroverCore
import RESP
import Testing

@Suite struct RouterTests {
    let map = threeShards()
    var router: Router { Router(shards: map) }

    @Test func singleKeyCommandsGoToTheKeysShard() {
        for shard in 0..<3 {
            let key = map.keys(on: shard, count: 1)[0]
            for args in [["GET", key], ["set", key, "v"], ["HSET", key, "f", "v"], ["expire", key, "10"],
                         ["OBJECT", "ENCODING", key]] {
                let decision = withRequest(args) { router.route($0) }
                guard case .forward(let s) = decision else {
                    Issue.record("\(args) was not forwarded: \(decision)")
                    continue
                }
                #expect(s == shard, "\(args)")
            }
        }
    }

    @Test func hashTagsKeepKeysTogether() {
        let a = map.shard(of: "{user1000}.following")
        let b = map.shard(of: "{user1000}.followers")
        let c = map.shard(of: "user1000")
        #expect(a == b)
        #expect(a == c)
    }

    @Test func unknownCommandAndWrongArity() {
        guard case .error(let unknown) = withRequest(["NOSUCH", "a"], { router.route($0) }) else {
            Issue.record("unknown command not refused")
            return
        }
        #expect(unknown == "ERR unknown command 'NOSUCH', with args beginning with: 'a' ")
        guard case .error(let arity) = withRequest(["GET"], { router.route($0) }) else {
            Issue.record("GET without key accepted")
            return
        }
        #expect(arity == "ERR wrong number of arguments for 'get' command")
    }

    @Test func refusedCommandsNameTheCommand() {
        for args in [["CONFIG", "GET", "maxmemory"], ["SHUTDOWN"], ["MONITOR"], ["REPLICAOF", "h", "1"],
                     ["DEBUG", "SLEEP", "0"], ["CLUSTER", "INFO"]] {
            guard case .error(let text) = withRequest(args, { router.route($0) }) else {
                Issue.record("\(args) not refused")
                continue
            }
            #expect(text.hasPrefix("ERR drover: '\(args[0])"), "\(args): \(text)")
            #expect(text.hasSuffix("is not supported through the proxy"), "\(args): \(text)")
        }
    }

    @Test func sameShardCommandsRefuseKeysOnDifferentShards() {
        let k0 = map.keys(on: 0, count: 2)
        let k1 = map.keys(on: 1, count: 1)
        guard case .forward(0) = withRequest(["SINTER", k0[0], k0[1]], { router.route($0) }) else {
            Issue.record("same-shard SINTER not forwarded to shard 0")
            return
        }
        guard case .error(let text) = withRequest(["SINTER", k0[0], k1[0]], { router.route($0) }) else {
            Issue.record("cross-shard SINTER accepted")
            return
        }
        #expect(text == "CROSSSLOT drover: keys of 'SINTER' are on different shards; put them under one hash tag")
        guard case .forward(let tagged) = withRequest(["RENAME", "{t}a", "{t}b"], { router.route($0) }) else {
            Issue.record("tagged RENAME not forwarded")
            return
        }
        #expect(tagged == map.shard(of: "t"))
    }

    @Test func evalRoutesByItsKeysAndNumkeysZeroGoesToShardZero() {
        let key = map.keys(on: 2, count: 1)[0]
        guard case .script(.eval, 2) = withRequest(["EVAL", "return 1", "1", key], { router.route($0) }) else {
            Issue.record("EVAL with a key on shard 2 not routed there")
            return
        }
        guard case .script(.eval, 0) = withRequest(["EVAL", "return 1", "0"], { router.route($0) }) else {
            Issue.record("EVAL without keys not routed to shard 0")
            return
        }
    }

    @Test func multiKeyCommandsOnOneShardAreForwardedUnchanged() {
        let keys = map.keys(on: 1, count: 3)
        guard case .forward(1) = withRequest(["MGET"] + keys, { router.route($0) }) else {
            Issue.record("single-shard MGET not forwarded")
            return
        }
    }

    @Test func localCommandsAreAnsweredByDrover() {
        for args in [["PING"], ["ECHO", "x"], ["SELECT", "0"], ["CLIENT", "SETNAME", "n"], ["HELLO", "2"],
                     ["COMMAND", "COUNT"], ["QUIT"], ["AUTH", "pw"]] {
            guard case .local = withRequest(args, { router.route($0) }) else {
                Issue.record("\(args) is not local")
                continue
            }
        }
    }
}

@Suite struct RouterDedicatedTests {
    let map = threeShards()
    var router: Router { Router(shards: map) }

    @Test func blockingCommandsGoToTheirKeysShardOnADedicatedConnection() {
        let keys = map.keys(on: 1, count: 2)
        guard case .blocking(1) = withRequest(["BLPOP", keys[0], keys[1], "0"], { router.route($0) }) else {
            Issue.record("BLPOP not dedicated on shard 1")
            return
        }
        let other = map.keys(on: 2, count: 1)[0]
        guard case .error(let text) = withRequest(["BLPOP", keys[0], other, "0"], { router.route($0) }) else {
            Issue.record("BLPOP over two shards accepted")
            return
        }
        #expect(text.hasPrefix("CROSSSLOT"))
        // XREAD blocks only with BLOCK.
        guard case .blocking(1) = withRequest(["XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", keys[0], "$"], { router.route($0) }),
              case .forward(1) = withRequest(["XREAD", "STREAMS", keys[0], "0"], { router.route($0) }),
              case .forward(1) = withRequest(["XREADGROUP", "GROUP", "g", "c", "STREAMS", keys[0], ">"], { router.route($0) })
        else {
            Issue.record("XREAD routing")
            return
        }
    }

    @Test func publishHashesItsChannelAndSubscriptionsAreTheSessions() {
        let channel = map.keys(on: 2, count: 1, prefix: "chan")[0]
        guard case .forward(2) = withRequest(["PUBLISH", channel, "m"], { router.route($0) }),
              case .forward(2) = withRequest(["SPUBLISH", channel, "m"], { router.route($0) }),
              case .subscription(.subscribe) = withRequest(["SUBSCRIBE", channel], { router.route($0) }),
              case .subscription(.punsubscribe) = withRequest(["PUNSUBSCRIBE"], { router.route($0) })
        else {
            Issue.record("pub/sub routing")
            return
        }
    }

    @Test func scriptsAndTransactions() {
        let key = map.keys(on: 1, count: 1)[0]
        guard case .script(.evalsha, 1) = withRequest(["EVALSHA", "abc", "1", key], { router.route($0) }),
              case .script(.eval, 0) = withRequest(["EVAL_RO", "return 1", "0"], { router.route($0) }),
              case .transaction(.multi, _) = withRequest(["MULTI"], { router.route($0) }),
              case .transaction(.watch, _) = withRequest(["WATCH", key], { router.route($0) })
        else {
            Issue.record("script or transaction routing")
            return
        }
    }
}
