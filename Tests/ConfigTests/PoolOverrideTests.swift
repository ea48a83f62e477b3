import Config
import Testing

/// `--pool-option KEY=VALUE`: a pool setting applied to every pool after the file's own.
@Suite struct PoolOverrideTests {
    static let yaml = """
        a:
          listen: 127.0.0.1:22121
          herd_timeout: 5
          servers:
            - 127.0.0.1:6379:1
        b:
          listen: 127.0.0.1:22122
          servers:
            - 127.0.0.1:6380:1
        """

    @Test func overridesApplyToEveryPoolAfterTheFile() throws {
        let overrides = try ["herd_timeout=10", "compression={min_size: 2kb, level: 1}"].map {
            text throws(ConfigError) in try PoolOverride(parsing: text)
        }
        let config = try DroverConfig.parse(yaml: Self.yaml, overrides: overrides)
        for pool in config.pools {
            #expect(pool.herdTimeoutSeconds == 10, "\(pool.name)")
            #expect(pool.compression == CompressionConfig(algorithm: .zlib, minSize: 2048, level: 1), "\(pool.name)")
        }
        #expect(try DroverConfig.parse(yaml: Self.yaml).pools.map(\.herdTimeoutSeconds) == [5, 0])
    }

    @Test func badOverridesAreReportedAsComingFromTheCommandLine() throws {
        #expect(throws: ConfigError(file: "--pool-option", message: "'herd_timeout' is not KEY=VALUE")) {
            try PoolOverride(parsing: "herd_timeout")
        }
        #expect(throws: ConfigError(file: "--pool-option",
                                    message: "unknown pool setting 'herd_timeot' (did you mean 'herd_timeout'?)")) {
            try PoolOverride(parsing: "herd_timeot=1")
        }
        let negative = try PoolOverride(parsing: "herd_timeout=-1")
        let error = #expect(throws: ConfigError.self) { try DroverConfig.parse(yaml: Self.yaml, overrides: [negative]) }
        #expect(error?.file == "--pool-option")
        #expect(error?.message.hasPrefix("a.herd_timeout: ") == true, "\(String(describing: error))")
    }
}
