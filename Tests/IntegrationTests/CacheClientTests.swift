import Testing

/// redis-py, Django's cache and django-redis, unmodified, through drover over three shards.
@Suite("Cache clients")
struct CacheClientTests {
    /// `nil` builds redis-py with no options (RESP3 in redis-py 8); 2 asks for RESP2.
    @Test("redis-py: transactions, scan_iter, Lock, keys/flushdb/dbsize, pub/sub, blpop",
          arguments: ["refuse", "split"], [nil, 2] as [Int?])
    func redisPy(policy: String, protocolVersion: Int?) throws {
        let python = try TestEnvironment.python()
        let cluster = try Cluster.tagged(crossShardTransactions: policy)
        defer { cluster.stop() }
        let script = TestEnvironment.pythonScripts.appendingPathComponent("redis_py_commands.py").path
        let arguments = [script, String(cluster.port), policy] + (protocolVersion.map { [String($0)] } ?? [])
        let result = try CommandRunner.run(python, arguments, timeout: 120)
        #expect(result.succeeded, "redis_py_commands.py \(result.termination):\n\(result.output)")
        #expect(result.stdout.contains("redis-py commands: all checks passed"), "\(result.output)")
    }

    @Test("Django's RedisCache and django-redis give the same results as a single Redis")
    func django() throws {
        let python = try TestEnvironment.python()
        let cluster = try Cluster.tagged(crossShardTransactions: "split")
        defer { cluster.stop() }
        let redis = try RedisServer()
        defer { redis.stop() }
        let script = TestEnvironment.pythonScripts.appendingPathComponent("django_cache_check.py").path
        let result = try CommandRunner.run(python, [script, String(cluster.port), String(redis.port)], timeout: 120)
        #expect(result.succeeded, "django_cache_check.py \(result.termination):\n\(result.output)")
        #expect(result.stdout.contains("django: all checks passed"), "\(result.output)")
    }
}
