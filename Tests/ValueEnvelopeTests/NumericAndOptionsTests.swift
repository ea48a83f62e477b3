import DroverCore
import Testing
@testable import ValueEnvelope

@Suite("Numbers and command options")
struct NumericAndOptionsTests {
    @Test("numbers INCR and INCRBYFLOAT read are recognised; text is not")
    func numbers() {
        for text in ["0", "-1", "42", "9223372036854775807", "3.14", "-0.5", ".5", "1e10", "+7", "inf", "0x1f"] {
            #expect(Array(text.utf8).withUnsafeBytes(NumericText.isNumber), "\(text)")
        }
        for text in ["", " 1", "1 ", "1a", "abc", "--1", "1.2.3", "1\u{0}", String(repeating: "1", count: 65)] {
            #expect(!Array(text.utf8).withUnsafeBytes(NumericText.isNumber), "\(text)")
        }
    }

    @Test("integers parse as Redis's string2ll does")
    func integers() {
        let cases: [(String, Int64?)] = [("0", 0), ("-5", -5), ("123", 123), ("9223372036854775807", .max),
                                         ("-9223372036854775808", .min), ("9223372036854775808", nil), ("+1", nil),
                                         ("01", nil), ("-0", nil), ("", nil), ("-", nil), ("1x", nil), (" 1", nil)]
        for (text, expected) in cases {
            #expect(Array(text.utf8).withUnsafeBytes(Word.integer) == expected, "\(text)")
        }
    }

    @Test("SET and GETEX options follow Redis 7.0's rules")
    func stringOptions() {
        func parse(_ args: [String], forSet: Bool = true) -> StringOptions? {
            withRequest((forSet ? ["SET", "k", "v"] : ["GETEX", "k"]) + args) {
                StringOptions.parse($0, from: forSet ? 3 : 2, forSet: forSet)
            }
        }
        #expect(parse([]) == StringOptions())
        #expect(parse(["nx", "GET", "ex", "10"])?.condition == .nx)
        #expect(parse(["nx", "GET", "ex", "10"])?.get == true)
        #expect(parse(["EX", "10"])?.expiry?.index == 4)
        #expect(parse(["EX", "10", "EX", "20"])?.expiry?.index == 6)   // Redis takes the last
        #expect(parse(["PXAT", "10"])?.expiry?.kind == .pxat)
        #expect(parse(["KEEPTTL"])?.keepTTL == true)
        #expect(parse(["NX", "XX"]) == nil)
        #expect(parse(["EX", "10", "PX", "10"]) == nil)
        #expect(parse(["EX", "10", "KEEPTTL"]) == nil)
        #expect(parse(["KEEPTTL", "EX", "10"]) == nil)
        #expect(parse(["EX"]) == nil)
        #expect(parse(["PERSIST"]) == nil)
        #expect(parse(["PERSIST"], forSet: false)?.persist == true)
        #expect(parse(["EX", "5"], forSet: false)?.expiry?.kind == .ex)
        #expect(parse(["NX"], forSet: false) == nil)
        #expect(parse(["PERSIST", "EX", "5"], forSet: false) == nil)
    }

    @Test("EXPIRE conditions: NX alone, not GT with LT")
    func expireConditions() {
        func parse(_ args: [String]) -> ExpireCondition? {
            withRequest(["EXPIRE", "k", "10"] + args) { ExpireCondition.parse($0, from: 3) }
        }
        #expect(parse([]) == ExpireCondition.none)
        #expect(parse(["nx"]) == .nx)
        #expect(parse(["XX"]) == .xx)
        #expect(parse(["XX", "GT"]) == .gt)
        #expect(parse(["lt"]) == .lt)
        #expect(parse(["NX", "XX"]) == nil)
        #expect(parse(["GT", "LT"]) == nil)
        #expect(parse(["NX", "GT"]) == nil)
        #expect(parse(["SOON"]) == nil)
    }
}
