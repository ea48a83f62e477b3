import Testing

/// `--loop-option`: the event-loop alternatives kept for re-measuring (BENCHMARKS.md, "The
/// event loop: options measured") must still answer every request, in order.
@Suite("--loop-option")
struct LoopOptionTests {
    @Test("every loop alternative answers a long pipeline over 3 shards in order",
          arguments: [["reads=drain"], ["reads=once"], ["backend_writes=per_client"], ["backend_writes=gather"], ["wait=poll"], ["batch=1"],
                      ["qos=user_interactive"], ["reads=drain", "backend_writes=per_client", "batch=4"]])
    func pipelineAnswered(options: [String]) throws {
        let cluster = try Cluster(arguments: ["--workers", "1"] + options.flatMap { ["--loop-option", $0] })
        defer { cluster.stop() }
        let connection = try cluster.connect()
        // 300 SETs of 200-byte values then 300 GETs and an MGET: over 100 KB in one write,
        // more than one read takes, spread over every shard.
        let keys = (0..<300).map { "loop:\($0)" }
        let values = keys.map { key in String(repeating: "v", count: 200 - key.count) + key }
        var requests = zip(keys, values).map { ["SET", $0, $1] } + keys.map { ["GET", $0] }
        requests.append(["MGET"] + keys.prefix(20))
        try connection.send(requests.flatMap(RESPReply.encodeCommand))

        let expected = String(repeating: "+OK\r\n", count: keys.count)
            + values.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
            + "*20\r\n" + values.prefix(20).map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
        let replies = try connection.readRawReplies(requests.count)
        #expect(replies == Array(expected.utf8))
    }

    @Test("an unknown loop option or value stops drover with exit status 1, naming it",
          arguments: [("reads=maybe", "reads must be"), ("batch=0", "batch must be 1 to 4096"),
                      ("spin=yes", "unknown loop option 'spin'"), ("wait", "expected KEY=VALUE")])
    func badOption(option: String, message: String) throws {
        let directory = try TemporaryDirectory(prefix: "loop")
        defer { directory.remove() }
        let pool = PoolYAML(listen: "127.0.0.1:22121", servers: PoolYAML.servers(ports: [7001], named: true))
        let path = try directory.write(pool.yaml, to: "drover.yml")
        let result = try CommandRunner.run(try TestEnvironment.droverBinary(),
                                           ["--config", path, "--loop-option", option, "--test-config"])
        #expect(result.termination == .exited(1), "\(result.output)")
        #expect(result.stderr.contains(message), "\(result.output)")
    }
}
