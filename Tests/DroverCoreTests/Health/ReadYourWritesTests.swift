import DroverCore
import Testing

@Suite struct ReadYourWritesTests {
    @Test func aWritePinsThatShardsReadsForTheWindow() {
        var pins = ReadYourWrites(windowNs: 1000)
        #expect(!pins.isPinned(shard: 2, now: 0))
        pins.wrote(shard: 2, now: 5000)
        #expect(pins.isPinned(shard: 2, now: 5000))
        #expect(pins.isPinned(shard: 2, now: 5999))
        #expect(!pins.isPinned(shard: 2, now: 6000), "the window is over")
        #expect(!pins.isPinned(shard: 1, now: 5500), "other shards are not pinned")
        #expect(!pins.isPinned(shard: 9, now: 5500))
    }

    @Test func eachWriteRestartsTheWindow() {
        var pins = ReadYourWrites(windowNs: 1000)
        pins.wrote(shard: 0, now: 0)
        pins.wrote(shard: 0, now: 900)
        #expect(pins.isPinned(shard: 0, now: 1899))
        #expect(!pins.isPinned(shard: 0, now: 1900))
    }

    @Test func aZeroWindowPinsNothing() {
        var pins = ReadYourWrites(windowNs: 0)
        #expect(!pins.isEnabled)
        pins.wrote(shard: 0, now: 10)
        #expect(!pins.isPinned(shard: 0, now: 10))
    }
}
