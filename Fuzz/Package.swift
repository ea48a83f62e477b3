// swift-tools-version:6.0
import PackageDescription

// libFuzzer harnesses over drover's parsers, built apart from the main package so that
// `swift build` never sees them: `make fuzz` builds this package with
// `-sanitize=fuzzer,address` into its own scratch path (.build-fuzz). The parsers' sources
// are the main package's own, reached through the symlinks in Sources/.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

let package = Package(
    name: "drover-fuzz",
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
    ],
    targets: [
        .target(name: "RESP", swiftSettings: hotPath),
        .target(name: "DroverCore", dependencies: ["RESP"], swiftSettings: hotPath),
        .target(name: "Config", dependencies: ["DroverCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzRequestFramer", dependencies: ["RESP", "FuzzSupport"]),
        .executableTarget(name: "FuzzReplyFramer", dependencies: ["RESP", "FuzzSupport"]),
        .executableTarget(name: "FuzzConfig", dependencies: ["Config", "FuzzSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
