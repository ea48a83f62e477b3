// swift-tools-version:6.0
import PackageDescription

// The hot-path modules are built without dynamic exclusivity checks: measured on this
// machine they were 55% of a prototype's instructions per request (see DESIGN.md).
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"])]

let package = Package(
    name: "drover",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "drover", targets: ["drover"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", exact: "1.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSystem"),

        .target(name: "RESP", swiftSettings: hotPath),
        .target(name: "DroverCore", dependencies: ["RESP"], swiftSettings: hotPath),
        .target(name: "ValueEnvelope", dependencies: ["DroverCore", "RESP", "CZlib"], swiftSettings: hotPath),
        .target(name: "Config", dependencies: ["DroverCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "Stats", swiftSettings: hotPath),
        .target(name: "Backend", dependencies: ["DroverCore", "RESP", "CSystem", "Config", "Stats",
                                                .product(name: "DequeModule", package: "swift-collections"),
                                                .product(name: "Logging", package: "swift-log")],
                swiftSettings: hotPath),
        .target(name: "Server", dependencies: ["Backend", "Config", "DroverCore", "RESP", "CSystem", "CHiredis", "Stats", "ValueEnvelope",
                                               .product(name: "Logging", package: "swift-log")],
                swiftSettings: hotPath),
        .executableTarget(name: "drover", dependencies: [
            "DroverCore",
            "Server", "Config", "Backend",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Helpers more than one test target uses.
        .target(name: "SharedTestSupport", path: "Tests/SharedTestSupport"),
        .testTarget(name: "RESPTests", dependencies: ["RESP", "SharedTestSupport"]),
        .testTarget(name: "DroverCoreTests", dependencies: ["DroverCore", "RESP"]),
        .testTarget(name: "ValueEnvelopeTests", dependencies: ["ValueEnvelope", "DroverCore", "RESP", "SharedTestSupport"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "DroverCore"]),
        .testTarget(name: "StatsTests", dependencies: ["Stats"]),
        .testTarget(name: "IntegrationTests", dependencies: ["CHiredis", "CSystem", "RESP"], exclude: ["python"]),
    ],
    swiftLanguageModes: [.v6]
)
