import Config

// libFuzzer harness for the config loader: any bytes as a config file must give a config
// or a ConfigError, never a crash; a config that loads must describe itself (the
// `--test-config` summary) and load again to the same value.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let config = try? DroverConfig.parse(yaml: text, file: "fuzz.yml") else { return 0 }
    _ = config.summary()
    guard let again = try? DroverConfig.parse(yaml: text, file: "fuzz.yml"), again == config else {
        fatalError("the same text loaded differently")
    }
    return 0
}
