import Config
import Testing

/// `read_your_writes`: drover's answer to "a client reads its own writes" with replica reads.
@Suite struct ReadYourWritesConfigTests {
    private func pool(_ line: String) throws -> PoolConfig {
        try DroverConfig.parse(yaml: "p:\n  listen: 127.0.0.1:22121\n  servers: [127.0.0.1:6379:1]\n\(line)").pools[0]
    }

    @Test func defaultsToOneSecond() throws {
        #expect(try pool("").readYourWritesMs == 1000)
        let setting = Settings.all.first { $0.name == "read_your_writes" }
        #expect(setting?.defaultValue == "1000")
        #expect(setting?.scope == .pool)
        #expect(setting?.apply == .reload)
    }

    @Test func takesMillisecondsAndZeroTurnsItOff() throws {
        #expect(try pool("  read_your_writes: 250\n").readYourWritesMs == 250)
        #expect(try pool("  read_your_writes: 0\n").readYourWritesMs == 0)
    }

    @Test func rejectsNegativeAndNonNumbers() {
        let negative = configError("p:\n  listen: 127.0.0.1:22121\n  servers: [127.0.0.1:6379:1]\n  read_your_writes: -5\n")
        #expect(negative?.line == 4)
        let text = configError("p:\n  listen: 127.0.0.1:22121\n  servers: [127.0.0.1:6379:1]\n  read_your_writes: 1s\n")
        #expect(text?.description.contains("expected an integer (milliseconds)") == true, "\(String(describing: text))")
    }
}
