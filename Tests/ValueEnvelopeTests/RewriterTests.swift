import DroverCore
import RESP
import Testing
@testable import ValueEnvelope

@Suite("Rewriting commands for envelope pools")
struct RewriterTests {
    let herd = EnvelopeRewriter(codec: ValueCodec(compression: .init(minSize: 100, level: 6), herdTimeoutSeconds: 10))
    let compressOnly = EnvelopeRewriter(codec: ValueCodec(compression: .init(minSize: 100, level: 6), herdTimeoutSeconds: 0))
    let now: Int64 = 1_000_000

    /// The stored bytes of `value` with this logical expiry on the herd pool.
    func stored(_ value: String, expiry: Int64?) -> String {
        String(decoding: Array(value.utf8).withUnsafeBytes { herd.codec.stored($0, expiryMs: expiry) }, as: UTF8.self)
    }

    @Test("reads forward the client's request and open the reply")
    func reads() {
        let get = rewrite(["GET", "k"], compressOnly)
        #expect(get?.request == nil)
        #expect(get?.reply.shape == .value)
        #expect(get?.reply.keys == [], "no herd: no keys kept")
        #expect(rewrite(["GET", "k"], herd)?.reply.keys == [Array("k".utf8)])
        let mget = rewrite(["MGET", "a"], herd)
        #expect(mget?.reply.shape == .values)
        #expect(mget?.reply.keys == [Array("a".utf8)])
        #expect(rewrite(["GETDEL", "k"], herd)?.reply.read == .logical)
        #expect(rewrite(["GETEX", "k"], herd)?.reply.read == .elect)
        #expect(rewrite(["INCR", "k"], herd) == nil)
        #expect(rewrite(["HSET", "h", "f", "v"], herd) == nil)
        #expect(rewrite(["TTL", "k"], compressOnly) == nil)
    }

    @Test("SET with a TTL on a herd pool: logical expiry in the value, real TTL herd_timeout longer")
    func setWithTTL() {
        #expect(texts(of: rewrite(["SET", "k", "v", "EX", "5"], herd)!.request!)
                == ["SET", "k", stored("v", expiry: now + 5_000), "PX", "15000"])
        #expect(texts(of: rewrite(["set", "k", "v", "px", "250", "GET"], herd)!.request!)
                == ["set", "k", stored("v", expiry: now + 250), "GET", "PX", "10250"])
        #expect(texts(of: rewrite(["SET", "k", "v", "EXAT", "2000"], herd)!.request!)
                == ["SET", "k", stored("v", expiry: 2_000_000), "PXAT", "2010000"])
        // Nothing to change: the usual path forwards it.
        #expect(rewrite(["SET", "k", "v"], herd) == nil)
        // Numbers keep their exact TTL; bad options are Redis's to refuse.
        #expect(rewrite(["SET", "n", "42", "EX", "5"], herd) == nil)
        #expect(rewrite(["SET", "k", "v", "EX", "0"], herd) == nil)
        let unreadable = rewrite(["SET", "k", "v", "NX", "XX"], herd)
        #expect(unreadable?.request == nil)
        #expect(unreadable?.reply.shape == .value, "options drover cannot read may still mean GET")
        // Compression only: options untouched.
        let big = String(repeating: "b", count: 300)
        let packed = String(decoding: Array(big.utf8).withUnsafeBytes { herd.codec.stored($0, expiryMs: nil) }, as: UTF8.self)
        #expect(texts(of: rewrite(["SET", "k", big, "EX", "5", "NX"], compressOnly)!.request!)
                == ["SET", "k", packed, "EX", "5", "NX"])
        #expect(rewrite(["SET", "k", "v", "EX", "5", "NX"], compressOnly) == nil)
        #expect(rewrite(["SET", "k", "v", "GET"], compressOnly)?.reply.shape == .value)
    }

    @Test("conditional SETs and KEEPTTL on a herd pool go through the script")
    func conditionalSet() {
        let nx = rewrite(["SET", "k", "v", "NX", "EX", "5"], herd)!
        #expect(nx.callsScript)
        #expect(texts(of: nx.request!) == ["EVALSHA", EnvelopeScript.sha, "1", "k", "set", "\(now)",
                                           "NX", "", "PX", "15000", stored("v", expiry: now + 5_000), ""])
        let keep = rewrite(["SET", "k", "v", "KEEPTTL", "GET"], herd)!
        #expect(texts(of: keep.request!) == ["EVALSHA", EnvelopeScript.sha, "1", "k", "set", "\(now)",
                                             "", "GET", "KEEPTTL", "0", "v", stored("v", expiry: 0)])
        #expect(texts(of: rewrite(["SETNX", "k", "v"], herd)!.request!)
                == ["EVALSHA", EnvelopeScript.sha, "1", "k", "set", "\(now)", "NX", "INT", "", "0", "v", ""])
        #expect(rewrite(["SETNX", "k", "v"], compressOnly) == nil)
    }

    @Test("SETEX, PSETEX, GETSET, MSET, MSETNX store values in their stored form")
    func otherWrites() {
        let big = String(repeating: "b", count: 300)
        let packed = String(decoding: Array(big.utf8).withUnsafeBytes { herd.codec.stored($0, expiryMs: nil) }, as: UTF8.self)
        #expect(texts(of: rewrite(["SETEX", "k", "5", "v"], herd)!.request!) == ["SETEX", "k", "15", stored("v", expiry: now + 5_000)])
        #expect(texts(of: rewrite(["PSETEX", "k", "5", "v"], herd)!.request!) == ["PSETEX", "k", "10005", stored("v", expiry: now + 5)])
        #expect(texts(of: rewrite(["SETEX", "k", "5", big], compressOnly)!.request!) == ["SETEX", "k", "5", packed])
        #expect(texts(of: rewrite(["GETSET", "k", big], herd)!.request!) == ["GETSET", "k", packed])
        #expect(rewrite(["GETSET", "k", big], herd)!.reply.read == .logical)
        #expect(texts(of: rewrite(["MSET", "a", big, "b", "x"], herd)!.request!) == ["MSET", "a", packed, "b", "x"])
        #expect(texts(of: rewrite(["MSETNX", "a", big, "b", "x"], compressOnly)!.request!) == ["MSETNX", "a", packed, "b", "x"])
        #expect(texts(of: rewrite(["MSETNX", "a", big, "b", "x"], herd)!.request!)
                == ["EVALSHA", EnvelopeScript.sha, "2", "a", "b", "msetnx", "\(now)", packed, "x"])
    }

    @Test("the expiry family and TTLs act on the logical expiry through the script")
    func expiry() {
        let expire = rewrite(["EXPIRE", "k", "20", "GT"], herd)!
        let bytes = String(decoding: Envelope.expiryBytes(now + 20_000), as: UTF8.self)
        #expect(texts(of: expire.request!) == ["EVALSHA", EnvelopeScript.sha, "1", "k", "expire", "\(now)",
                                               "\(now + 20_000)", bytes, "10000", "GT", "EXPIRE", "k", "20", "GT"])
        #expect(texts(of: rewrite(["PEXPIREAT", "k", "5"], herd)!.request!)[6...7] == ["5", String(decoding: Envelope.expiryBytes(5), as: UTF8.self)])
        #expect(rewrite(["EXPIRE", "k", "x"], herd) == nil, "Redis answers the error")
        #expect(rewrite(["EXPIRE", "k", "1", "NX", "GT"], herd) == nil)
        #expect(texts(of: rewrite(["pttl", "k"], herd)!.request!) == ["EVALSHA", EnvelopeScript.sha, "1", "k", "ttl", "\(now)", "PTTL"])
        #expect(texts(of: rewrite(["PERSIST", "k"], herd)!.request!) == ["EVALSHA", EnvelopeScript.sha, "1", "k", "persist", "\(now)"])
        let getex = rewrite(["GETEX", "k", "PERSIST"], herd)!
        #expect(texts(of: getex.request!) == ["EVALSHA", EnvelopeScript.sha, "1", "k", "getex", "\(now)", "", "", "10000",
                                              "GETEX", "k", "PERSIST"])
        #expect(rewrite(["GETEX", "k", "EX", "5"], compressOnly)?.request == nil)
    }

    @Test("content commands run behind the script's guard, with all their keys")
    func content() {
        #expect(texts(of: rewrite(["APPEND", "k", "x"], compressOnly)!.request!)
                == ["EVALSHA", EnvelopeScript.sha, "1", "k", "guard", "\(now)", "1", "APPEND", "k", "x"])
        #expect(texts(of: rewrite(["LCS", "a", "b"], herd)!.request!)
                == ["EVALSHA", EnvelopeScript.sha, "2", "a", "b", "guard", "\(now)", "0", "LCS", "a", "b"])
        #expect(texts(of: rewrite(["OBJECT", "ENCODING", "k"], herd)!.request!)
                == ["EVALSHA", EnvelopeScript.sha, "1", "k", "guard", "\(now)", "0", "OBJECT", "ENCODING", "k"])
        #expect(rewrite(["OBJECT", "FREQ", "k"], herd) == nil)
    }

    @Test("a rewritten MSET frames again for splitting")
    func reframe() {
        #expect(rewrite(["MSET", "a", "1", "b", "2"], herd) == nil, "numbers are stored as they are")
        let big = String(repeating: "m", count: 300)
        let mset = rewrite(["MSET", "a", big, "b", "2"], herd)!
        let names = mset.withView { view in (0..<view.count).map { view.string($0) } }
        #expect(names?.count == 5)
        #expect(names.map { [$0[0], $0[1], $0[3], $0[4]] } == ["MSET", "a", "b", "2"])
        #expect(names?[2] != big)
    }
}
