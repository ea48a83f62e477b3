import Testing

/// Keys land on the backend that twemproxy's ketama ring names.
@Suite("Key placement")
struct PlacementTests {
    @Test("keys written through drover are on the server nutcracker would use (golden values)")
    func goldenPlacement() throws {
        let cluster = try Cluster { $0.hashTag = "{}" }
        defer { cluster.stop() }
        let connection = try cluster.connect()

        let replies = try connection.pipeline(GoldenPlacement.keys.map { ["SET", $0.key, "v:\($0.key)"] })
        #expect(replies == Array(repeating: .simple("OK"), count: GoldenPlacement.keys.count))
        for (key, shard) in GoldenPlacement.keys {
            #expect(try cluster.shardsHolding(key) == [shard], "key \(key.debugDescription)")
            #expect(try cluster.backend(shard).command("GET", key) == .bulk("v:\(key)"))
        }
    }

    @Test("a key put on a backend directly is read through drover")
    func readsWhatBackendsHold() throws {
        let cluster = try Cluster { $0.hashTag = "{}" }
        defer { cluster.stop() }
        for (key, shard) in GoldenPlacement.keys {
            #expect(try cluster.backend(shard).command("SET", key, "direct:\(key)") == .simple("OK"))
        }
        let connection = try cluster.connect()
        let replies = try connection.pipeline(GoldenPlacement.keys.map { ["GET", $0.key] })
        #expect(replies == GoldenPlacement.keys.map { .bulk("direct:\($0.key)") })
    }
}
