import Foundation
import Stats
import Testing

@Suite struct StatsSnapshotTests {
    @Test func collectSumsOverWorkers() throws {
        let snapshot = StatsFixture.snapshot()
        let cache = snapshot.pools[0]
        #expect(cache.requests == 150)
        #expect(cache.errors == 2)
        #expect(cache.clients == 3 && cache.connectionsReceived == 10 && cache.connectionsRejected == 1)
        #expect(cache.servers.map(\.requests) == [100, 7])
        #expect(cache.servers.map(\.state) == ["up", "down"], "one worker's failure marks the server down")
        #expect(cache.servers[1].timeouts == 3 && cache.servers[1].errors == 4)
        #expect(cache.servers[0].latency.count == 100)
        #expect(cache.servers[0].latency.quantileMicros(0.5) == 98.304)
        #expect(snapshot.pools[1].servers.isEmpty)
        #expect(snapshot.connectedClients == 3)
    }

    @Test func infoHasRedisFormatAndDroversSections() {
        let text = StatsFixture.snapshot().infoText()
        #expect(text.hasPrefix("# Server\r\ndrover_version:1.2.3\r\n"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.filter { $0.hasPrefix("# ") } == ["# Server", "# Clients", "# Stats", "# Pools", "# Servers"])
        for line in lines where !line.isEmpty && !line.hasPrefix("#") {
            #expect(line.contains(":"), "\(line)")
        }
        #expect(lines.contains("config_generation:3"))
        #expect(lines.contains("uptime_in_days:1"))
        #expect(lines.contains("config_last_reload_status:ok"))
        #expect(lines.contains("connected_clients:3"))
        #expect(lines.contains("total_commands_processed:150"))
        #expect(lines.contains("backend_timeouts:3"))
        #expect(lines.contains("pool0:name=cache,listen=127.0.0.1:22121,shards=2,clients=3,connections_received=10,"
            + "rejected_connections=1,requests=150,errors=2"))
        #expect(lines.contains("server0:pool=cache,shard=s1,address=127.0.0.1:7001,state=up,connections=1,"
            + "requests=100,errors=0,timeouts=0,ejections=0,latency_p50_usec=98.304,latency_p99_usec=130.417,"
            + "latency_p999_usec=131.006"))
        #expect(lines.contains { $0.hasPrefix("server1:pool=cache,shard=s_2,") }, "separators in names are replaced")
        #expect(text.hasSuffix("\r\n"))
    }

    @Test func infoSectionsAreSelectable() {
        let snapshot = StatsFixture.snapshot()
        #expect(snapshot.infoText(sections: ["CLIENTS"]).hasPrefix("# Clients\r\nconnected_clients:3\r\n"))
        #expect(!snapshot.infoText(sections: ["clients"]).contains("# Server"))
        let two = snapshot.infoText(sections: ["servers", "server"])
        #expect(two.hasPrefix("# Server\r\n") && two.contains("# Servers\r\n") && !two.contains("# Pools"))
        #expect(snapshot.infoText(sections: ["all"]) == snapshot.infoText())
        #expect(snapshot.infoText(sections: ["keyspace"]) == "", "unknown sections are empty, as in Redis")
    }

    @Test func failedReloadShowsInInfo() {
        var snapshot = StatsFixture.snapshot()
        snapshot.process.lastReloadError = "drover.yml:4:3: unknown key 'tmeout'\n"
        let text = snapshot.infoText(sections: ["server"])
        #expect(text.contains("config_last_reload_status:failed\r\n"))
        #expect(text.contains("config_last_reload_error:drover.yml:4:3: unknown key 'tmeout' \r\n"))
    }

    @Test func jsonHasSnakeCaseKeys() throws {
        let json = StatsFixture.snapshot().json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let process = try #require(object["process"] as? [String: Any])
        #expect(process["config_generation"] as? Int == 3)
        let pools = try #require(object["pools"] as? [[String: Any]])
        #expect(pools.map { $0["name"] as? String } == ["cache", "sessions"])
        let servers = try #require(pools[0]["servers"] as? [[String: Any]])
        #expect(servers[0]["requests"] as? Int == 100)
        let latency = try #require(servers[0]["latency"] as? [String: Any])
        #expect((latency["buckets"] as? [Int])?.count == LatencyBuckets.count)
        #expect(latency["sum_ns"] as? Int == 10_000_000)
    }
}
