import DroverCore
import Testing

@Suite struct TokenTableTests {
    @Test func keepsValuesByTokenAndRetiresTheOldestFirst() {
        let table = TokenTable<String>(capacity: 2)
        #expect(table.isEmpty)
        table[10] = "a"
        table[12] = "c"
        table[15] = "f"  // grows past the initial capacity
        #expect(table[10] == "a" && table[11] == nil && table[12] == "c" && table[15] == "f")
        table[10] = nil
        #expect(table[10] == nil && table[12] == "c")
        table[15] = nil
        table[12] = nil
        #expect(table.isEmpty)
        table[3] = "again"  // empty: any token may start it over
        #expect(table[3] == "again")
    }

    @Test func removeAllBeforeDropsAnsweredTokens() {
        let table = TokenTable<Int>()
        for token in 100..<140 where token % 3 == 0 { table[token] = token }
        table.removeAll(before: 120)
        for token in 100..<120 { #expect(table[token] == nil) }
        for token in 120..<140 where token % 3 == 0 { #expect(table[token] == token) }
        table[200] = 1
        #expect(table[200] == 1 && table[123] == 123)
    }

    @Test func aLongRunWrapsAroundWithoutGrowing() {
        let table = TokenTable<Int>(capacity: 4)
        for token in 0..<10_000 {
            table[token] = token
            if token >= 2 { table[token - 2] = nil }
            #expect(table[token] == token)
        }
        #expect(table[9_998] == 9_998 && table[9_997] == nil)
    }
}
