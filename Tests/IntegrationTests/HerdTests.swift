import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `herd_timeout`: after a value's logical expiry exactly one reader gets a miss and the
/// others the stale value, decided on the backend.
@Suite("Herd protection")
struct HerdTests {
    @Test("50 clients GET a key just after its logical expiry: 1 miss and 49 stale values, 100 times over")
    func oneMissAmongFifty() throws {
        // herd_timeout only needs to outlast the 50 reads; a long one keeps a loaded machine
        // from seeing the key expire for real mid-round.
        let cluster = try Cluster { $0.extraLines = ["herd_timeout: 5"] }
        defer { cluster.stop() }
        let writer = try cluster.connect()
        let readers = try (0..<50).map { _ in try cluster.connect() }
        var deviations: [String] = []
        for round in 0..<100 {
            let value = "value of round \(round)"
            #expect(try writer.command("SET", "herd:key", value, "PX", "20") == .simple("OK"))
            usleep(35_000)
            // Every request is written before any reply is read: they reach drover together.
            for reader in readers { try reader.send(command: ["GET", "herd:key"]) }
            let replies = try readers.map { try $0.readReply() }
            let misses = replies.filter { $0 == .null }.count
            let stale = replies.filter { $0 == .bulk(value) }.count
            if misses != 1 || stale != 49 { deviations.append("round \(round): \(misses) misses, \(stale) stale values") }
        }
        #expect(deviations.isEmpty, "\(deviations.count) deviations: \(deviations.prefix(5))")
    }

    @Test("the stale value is served until a new SET, and gone once herd_timeout has passed")
    func staleWindow() throws {
        let cluster = try Cluster(shards: 1) { $0.extraLines = ["herd_timeout: 1"] }
        defer { cluster.stop() }
        let client = try cluster.connect()
        #expect(try client.command("SET", "k", "old", "PX", "300") == .simple("OK"))
        #expect(try client.command("GET", "k") == .bulk("old"))
        usleep(350_000)
        #expect(try client.command("GET", "k") == .null, "the first reader recomputes")
        #expect(try client.command("GET", "k") == .bulk("old"))
        #expect(try client.command("MGET", "k", "nosuch") == .array([.bulk("old"), .null]))
        #expect(try client.command("SET", "k", "new", "PX", "300") == .simple("OK"))
        #expect(try client.command("GET", "k") == .bulk("new"))
        usleep(1_450_000)
        #expect(try client.command("GET", "k") == .null)
        #expect(try client.command("GET", "k") == .null, "past herd_timeout the key is gone for everyone")
        #expect(try cluster.backend(0).command("EXISTS", "k") == .integer(0))
    }

    @Test("pipelined reads of an expired key keep their order; only the first wins the claim")
    func pipelinedElection() throws {
        let cluster = try Cluster { $0.extraLines = ["herd_timeout: 5"] }
        defer { cluster.stop() }
        let client = try cluster.connect()
        #expect(try client.command("SET", "a", "v", "PX", "20") == .simple("OK"))
        usleep(40_000)
        let replies = try client.pipeline([["GET", "a"], ["GET", "a"], ["SET", "b", "x"], ["GET", "b"],
                                           ["MGET", "a", "b"], ["TTL", "b"], ["INCR", "n"]])
        #expect(replies == [.null, .bulk("v"), .simple("OK"), .bulk("x"), .array([.bulk("v"), .bulk("x")]),
                            .integer(-1), .integer(1)])
        #expect(try client.command("GETDEL", "a") == .null, "logically expired")
        #expect(try client.command("EXISTS", "a") == .integer(0))
    }

    @Test("inside MULTI/EXEC: one claim per expired read, logical TTLs, NX against the logical expiry")
    func transactions() throws {
        let cluster = try Cluster(shards: 1) { $0.extraLines = ["herd_timeout: 30"] }
        defer { cluster.stop() }
        let client = try cluster.connect()
        #expect(try client.command("SET", "old", "v", "PX", "20") == .simple("OK"))
        #expect(try client.command("SET", "t", "v", "EX", "100") == .simple("OK"))
        usleep(40_000)
        let replies = try client.pipeline([["MULTI"], ["GET", "old"], ["GET", "old"], ["TTL", "t"], ["EXPIRE", "t", "50"],
                                           ["TTL", "t"], ["EXEC"]])
        #expect(replies.prefix(6) == [.simple("OK")] + Array(repeating: .simple("QUEUED"), count: 5))
        #expect(replies.last == .array([.null, .bulk("v"), .integer(100), .integer(1), .integer(50)]),
                "the first read wins the claim")
        let write = try client.pipeline([["MULTI"], ["SET", "old", "new", "NX", "GET"], ["GET", "old"], ["EXEC"]])
        #expect(write.last == .array([.null, .bulk("new")]), "NX sees the logically expired key as absent")
        #expect((49...50).contains(try client.command("TTL", "t").integer ?? 0))
    }

    @Test("TTL, PTTL, EXPIRE, PEXPIRE, EXPIREAT, EXPIRETIME, PERSIST and GETEX act on the logical expiry")
    func logicalExpiry() throws {
        let cluster = try Cluster(shards: 1) { $0.extraLines = ["herd_timeout: 30"] }
        defer { cluster.stop() }
        let client = try cluster.connect()
        let backend = try cluster.backend(0)
        func ttl(_ key: String) throws -> Int { try client.command("TTL", key).integer ?? -99 }
        func realTTL(_ key: String) throws -> Int { try backend.command("TTL", key).integer ?? -99 }

        #expect(try client.command("SET", "k", "v", "EX", "100") == .simple("OK"))
        #expect((99...100).contains(try ttl("k")))
        #expect((129...130).contains(try realTTL("k")), "the real TTL runs herd_timeout longer")
        #expect((99_000...100_000).contains(try client.command("PTTL", "k").integer ?? 0))
        #expect(try client.command("EXPIRE", "k", "50") == .integer(1))
        #expect((49...50).contains(try ttl("k")))
        #expect((79...80).contains(try realTTL("k")))
        #expect(try client.command("EXPIRE", "k", "60", "LT") == .integer(0))
        #expect(try client.command("EXPIRE", "k", "40", "LT") == .integer(1))
        #expect(try client.command("EXPIRE", "k", "10", "NX") == .integer(0))
        #expect(try client.command("PEXPIRE", "k", "45000", "GT") == .integer(1))
        #expect((44...45).contains(try ttl("k")))
        let at = Int(Date().timeIntervalSince1970) + 200
        #expect(try client.command("EXPIREAT", "k", String(at)) == .integer(1))
        #expect(try client.command("EXPIRETIME", "k") == .integer(at))
        #expect(try client.command("PEXPIRETIME", "k") == .integer(at * 1000))
        #expect(try client.command("PEXPIREAT", "k", String(at * 1000 + 500)) == .integer(1))
        #expect(try client.command("PEXPIRETIME", "k") == .integer(at * 1000 + 500))
        #expect(try client.command("PERSIST", "k") == .integer(1))
        #expect(try ttl("k") == -1)
        #expect(try realTTL("k") == -1)
        #expect(try client.command("GETEX", "k", "EX", "70") == .bulk("v"))
        #expect((69...70).contains(try ttl("k")))
        #expect(try client.command("GETEX", "k", "PERSIST") == .bulk("v"))
        #expect(try ttl("k") == -1)
        #expect(try client.command("GET", "k") == .bulk("v"))

        // Keys without a logical expiry answer as Redis does.
        #expect(try client.command("SET", "plain", "v") == .simple("OK"))
        #expect(try ttl("plain") == -1)
        #expect(try client.command("EXPIRE", "plain", "30") == .integer(1))
        #expect((29...30).contains(try ttl("plain")))
        #expect(try ttl("nosuch") == -2)
        #expect(try client.command("HSET", "h", "f", "v") == .integer(1))
        #expect(try client.command("EXPIRE", "h", "10") == .integer(1))
        #expect((9...10).contains(try ttl("h")))
        #expect(try client.command("PERSIST", "h") == .integer(1))

        // Past its logical expiry a key is absent to TTL, EXPIRE and PERSIST.
        #expect(try client.command("SET", "gone", "v", "PX", "30") == .simple("OK"))
        usleep(60_000)
        #expect(try ttl("gone") == 0)
        #expect(try client.command("EXPIRE", "gone", "100") == .integer(0))
        #expect(try client.command("PERSIST", "gone") == .integer(0))
    }

    @Test("NX, XX, SETNX, MSETNX and GETDEL treat a logically expired key as absent; KEEPTTL keeps the logical expiry")
    func conditionalWrites() throws {
        let cluster = try Cluster(shards: 1) { $0.extraLines = ["herd_timeout: 30"] }
        defer { cluster.stop() }
        let client = try cluster.connect()
        for key in ["a", "b", "c", "d", "e"] {
            #expect(try client.command("SET", key, "old", "PX", "30") == .simple("OK"))
        }
        #expect(try client.command("SET", "live", "old", "EX", "100") == .simple("OK"))
        #expect(try client.command("SET", "live", "fresh", "NX") == .null, "live until its logical expiry")
        #expect(try client.command("SET", "live", "fresh", "XX") == .simple("OK"))
        usleep(60_000)
        #expect(try client.command("SET", "b", "new", "NX", "GET") == .null)
        #expect(try client.command("GET", "b") == .bulk("new"))
        #expect(try client.command("SET", "c", "new", "XX") == .null)
        #expect(try client.command("SETNX", "c", "new") == .integer(1))
        #expect(try client.command("GET", "c") == .bulk("new"))
        #expect(try client.command("MSETNX", "d", "1", "x", "2") == .integer(1))
        #expect(try client.command("GETDEL", "e") == .null)
        #expect(try client.command("SET", "a", "again", "NX") == .simple("OK"))
        #expect(try client.command("SET", "a", "twice", "NX") == .null, "a is live (no TTL)")
        #expect(try client.command("GET", "a") == .bulk("again"))

        #expect(try client.command("SET", "kt", "v1", "EX", "100") == .simple("OK"))
        #expect(try client.command("SET", "kt", "v2", "KEEPTTL", "GET") == .bulk("v1"))
        #expect(try client.command("GET", "kt") == .bulk("v2"))
        #expect((99...100).contains(try client.command("TTL", "kt").integer ?? 0))
        #expect((129...130).contains(try cluster.backend(0).command("TTL", "kt").integer ?? 0))
    }
}

extension RESPReply {
    /// The value of an integer reply.
    var integer: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }
}
