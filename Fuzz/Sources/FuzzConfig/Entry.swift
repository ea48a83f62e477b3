import FuzzSupport

/// The executable's entry point (see FuzzSupport/Driver.swift).
@_cdecl("FuzzConfig_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzConfig(data, size) }
}
