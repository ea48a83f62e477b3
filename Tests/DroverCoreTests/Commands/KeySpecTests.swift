import DroverCore
import Testing

/// The keys of `line` (arguments split on spaces) as drover finds them, or nil when the
/// arguments are malformed for the command's key spec.
func keysOf(_ line: String) -> [String]? {
    let argv = TestArgv(line)
    var spec = CommandTable.lookup(argv.arg(0))!
    if spec.hasSubcommands, argv.count > 1, let sub = CommandTable.lookup(subcommand: argv.arg(1), of: spec) {
        spec = sub
    }
    var keys: [String] = []
    let valid = spec.forEachKey(argc: argv.count, arg: argv.arg) {
        keys.append(String(decoding: argv.arg($0), as: UTF8.self))
    }
    return valid ? keys : nil
}

@Suite struct KeySpecTests {
    @Test func singleKey() {
        #expect(keysOf("GET k") == ["k"])
        #expect(keysOf("SET k v EX 10 NX GET") == ["k"])
        #expect(keysOf("HSET h f1 v1 f2 v2") == ["h"])
        #expect(keysOf("EXPIRE k 10") == ["k"])
        #expect(keysOf("OBJECT ENCODING k") == ["k"])
        #expect(keysOf("XINFO STREAM s FULL") == ["s"])
        #expect(keysOf("MEMORY USAGE k SAMPLES 5") == ["k"])
        #expect(keysOf("GET") == nil)
    }

    @Test func ranges() {
        #expect(keysOf("MGET a b c") == ["a", "b", "c"])
        #expect(keysOf("DEL a") == ["a"])
        #expect(keysOf("DEL a b") == ["a", "b"])
        #expect(keysOf("EXISTS a b c d") == ["a", "b", "c", "d"])
        #expect(keysOf("BLPOP a b 0") == ["a", "b"])
        #expect(keysOf("LMOVE src dst LEFT RIGHT") == ["src", "dst"])
        #expect(keysOf("RENAME a b") == ["a", "b"])
        #expect(keysOf("BITOP AND dst a b") == ["dst", "a", "b"])
        #expect(keysOf("SINTERSTORE dst a b") == ["dst", "a", "b"])
        #expect(keysOf("LCS a b LEN") == ["a", "b"])
    }

    @Test func keyValuePairs() {
        #expect(keysOf("MSET a 1 b 2 c 3") == ["a", "b", "c"])
        #expect(keysOf("MSETNX a 1 b 2") == ["a", "b"])
        #expect(keysOf("MSET a 1 b") == nil)
        #expect(keysOf("MSET a") == nil)
    }

    @Test func numkeys() {
        #expect(keysOf("EVAL script 2 k1 k2 a1 a2") == ["k1", "k2"])
        #expect(keysOf("EVALSHA sha 0 a1") == [])
        #expect(keysOf("EVAL script 0") == [])
        #expect(keysOf("FCALL f 1 k a") == ["k"])
        #expect(keysOf("EVAL script 3 k1 k2") == nil)
        #expect(keysOf("EVAL script -1 k1") == nil)
        #expect(keysOf("EVAL script x k1") == nil)
        #expect(keysOf("EVAL script 01 k1") == nil)
        #expect(keysOf("EVAL script 99999999999999999999 k1") == nil)
        #expect(keysOf("ZUNIONSTORE dst 2 a b WEIGHTS 1 2") == ["dst", "a", "b"])
        #expect(keysOf("ZINTERSTORE dst 1 a") == ["dst", "a"])
        #expect(keysOf("ZUNION 2 a b WITHSCORES") == ["a", "b"])
        #expect(keysOf("ZINTERCARD 2 a b LIMIT 1") == ["a", "b"])
        #expect(keysOf("SINTERCARD 3 a b c") == ["a", "b", "c"])
        #expect(keysOf("LMPOP 2 a b LEFT COUNT 2") == ["a", "b"])
        #expect(keysOf("BLMPOP 0 2 a b LEFT") == ["a", "b"])
        #expect(keysOf("ZDIFFSTORE dst 2 a") == nil)
    }

    @Test func sortStore() {
        #expect(keysOf("SORT k") == ["k"])
        #expect(keysOf("SORT k STORE dst") == ["k", "dst"])
        #expect(keysOf("sort k by w_* limit 0 10 get # get o_* desc alpha store dst") == ["k", "dst"])
        // Patterns and LIMIT arguments that look like STORE are skipped.
        #expect(keysOf("SORT k BY store GET store LIMIT 0 1 ALPHA") == ["k"])
        #expect(keysOf("SORT k STORE") == ["k"])
        #expect(keysOf("SORT_RO k BY w_* GET #") == ["k"])
    }

    @Test func georadiusStore() {
        #expect(keysOf("GEORADIUS g 15 37 200 km") == ["g"])
        #expect(keysOf("GEORADIUS g 15 37 200 km WITHDIST COUNT 5 ASC STORE dst") == ["g", "dst"])
        #expect(keysOf("GEORADIUS g 15 37 200 km storedist d1") == ["g", "d1"])
        #expect(keysOf("GEORADIUSBYMEMBER g store 200 km STORE dst") == ["g", "dst"])
        #expect(keysOf("GEORADIUS_RO g 15 37 200 km") == ["g"])
        #expect(keysOf("GEOSEARCHSTORE dst src FROMMEMBER m BYRADIUS 1 km") == ["dst", "src"])
    }

    @Test func xread() {
        #expect(keysOf("XREAD STREAMS a b 0 0") == ["a", "b"])
        #expect(keysOf("XREAD COUNT 10 BLOCK 0 STREAMS a 0") == ["a"])
        #expect(keysOf("xread count 1 streams s $") == ["s"])
        #expect(keysOf("XREAD STREAMS a b 0") == nil)
        #expect(keysOf("XREAD STREAMS") == nil)
        #expect(keysOf("XREADGROUP GROUP streams c COUNT 1 STREAMS s >") == ["s"])
        #expect(keysOf("XREADGROUP GROUP g c NOACK STREAMS s1 s2 > >") == ["s1", "s2"])
    }

    @Test func migrateKeys() {
        #expect(keysOf("MIGRATE h 6379 k 0 1000") == ["k"])
        #expect(keysOf("MIGRATE h 6379  0 1000 COPY AUTH keys KEYS a b") == ["a", "b"])
    }

    @Test func noKeys() {
        #expect(keysOf("PING") == [])
        #expect(keysOf("CLIENT SETNAME x") == [])
        #expect(CommandTable.lookup("PING")?.keys == KeySpec.none)
    }

    @Test func descriptions() throws {
        #expect(KeySpec.range(first: 1, last: 1, step: 1).description == "key at 1")
        #expect(KeySpec.range(first: 1, last: -1, step: 2).description == "keys at 1 to the end, every 2")
        #expect(KeySpec.range(first: 1, last: -2, step: 1).description == "keys at 1 to the end minus 1")
        let zunionstore = try #require(CommandTable.lookup("ZUNIONSTORE"))
        #expect(zunionstore.keys.description == "key at 1, then as many keys as argument 2 says, from 3")
        let xread = try #require(CommandTable.lookup("XREAD"))
        #expect(xread.keys.description == "keys after STREAMS (the first 1/2 of the rest) (options from 1)")
    }
}
