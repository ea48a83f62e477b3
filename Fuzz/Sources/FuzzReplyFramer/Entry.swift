import FuzzSupport

/// The executable's entry point (see FuzzSupport/Driver.swift).
@_cdecl("FuzzReplyFramer_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzReplyFramer(data, size) }
}
