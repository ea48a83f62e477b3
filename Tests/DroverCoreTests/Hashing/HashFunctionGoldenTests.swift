import Testing
import DroverCore

/// Golden values published by twemproxy (src/test_all.c, tests/test_hashkit.cpp)
/// and by libmemcached's tests/hash_results.h, which twemproxy's test says it
/// matches exactly.
struct HashFunctionGoldenTests {
    /// twemproxy src/test_all.c: every function on "apple".
    @Test(arguments: [
        (HashFunction.oneAtATime, UInt32(2_297_466_611)),
        (.md5, 3_195_025_439),
        (.crc16, 3_662_830_516),
        (.crc32, 10542),
        (.crc32a, 2_838_417_488),
        (.fnv1_32, 67_176_023),
        (.fnv1a_32, 280_767_167),
        (.fnv1_64, 473_199_127),
        (.fnv1a_64, 1_488_911_807),
        (.hsieh, 3_738_850_110),
        (.jenkins, 1_442_444_624),
        (.murmur, 4_142_305_122),
    ])
    func twemproxyApple(function: HashFunction, expected: UInt32) {
        #expect(function.hash(Array("apple".utf8)) == expected)
    }

    /// twemproxy tests/test_hashkit.cpp.
    @Test(arguments: [
        ([UInt8](), UInt32(0)),
        (Array("123456".utf8), UInt32(0x0972_d361)),
        (Array("abcdef".utf8), UInt32(0x4b8e_39ef)),
        ([UInt8]([0xe4, 0xb8, 0xad]), UInt32(0xd5d1_5a8b)),
    ] as [([UInt8], UInt32)])
    func twemproxyCRC32a(key: [UInt8], expected: UInt32) {
        #expect(HashFunction.crc32a.hash(key) == expected)
    }

    /// libmemcached tests/hash_results.h: 25 words through ten functions.
    @Test(arguments: LibmemcachedHashResults.table)
    func libmemcachedWords(function: HashFunction, expected: [UInt32]) {
        #expect(expected.count == LibmemcachedHashResults.words.count)
        let actual = LibmemcachedHashResults.words.map { function.hash(Array($0.utf8)) }
        #expect(actual == expected)
    }

    /// Every function accepts empty and one-byte keys (tail cases) without trapping.
    @Test(arguments: HashFunction.allCases)
    func shortKeys(function: HashFunction) {
        _ = function.hash([])
        _ = function.hash([0xff])
        #expect(function.hash([0x61]) == function.hash(Array("a".utf8)))
    }

    @Test func emptyKeyValues() {
        // Functions that return their untouched seed on empty input.
        #expect(HashFunction.hsieh.hash([]) == 0)
        #expect(HashFunction.crc16.hash([]) == 0)
        #expect(HashFunction.fnv1a_32.hash([]) == 2_166_136_261)
        #expect(HashFunction.fnv1a_64.hash([]) == 0x8422_2325)
        #expect(HashFunction.jenkins.hash([]) == 0xdead_beef &+ 13)
    }

    /// Bytes >= 0x80 are sign-extended like C's `char` by the FNV family and
    /// one_at_a_time; crc16/crc32a/md5/murmur/jenkins read them unsigned.
    @Test func signedCharQuirk() {
        // FNV-1a 32 over the single byte 0xe4: twemproxy xors 0xffffffe4.
        let expected = (UInt32(2_166_136_261) ^ 0xffff_ffe4) &* 16_777_619
        #expect(HashFunction.fnv1a_32.hash([0xe4]) == expected)
        #expect(HashFunction.fnv1a_32.hash([0x64]) == (UInt32(2_166_136_261) ^ 0x64) &* 16_777_619)
    }
}
