import Foundation

/// Where the integration tests find the programs they drive.
///
/// The drover binary comes from `DROVER_BIN`, else `<package root>/.build/debug/drover`
/// (what `swift build` produces); Python from `DROVER_PYTHON`, else
/// `<package root>/.venv/bin/python` (what `make deps` creates).
enum TestEnvironment {
    /// The package root, three folders above this file.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Harness
        .deletingLastPathComponent()  // IntegrationTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The folder of this test target's helper scripts.
    static let pythonScripts: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("python")

    /// The drover executable to test.
    /// - Throws: ``HarnessError`` naming the paths tried when there is none.
    static func droverBinary() throws -> String {
        try executable(
            environmentVariable: "DROVER_BIN",
            fallback: packageRoot.appendingPathComponent(".build/debug/drover").path,
            hint: "build it with `swift build` (or set DROVER_BIN to a drover binary)")
    }

    /// The Python interpreter that has redis-py installed.
    /// - Throws: ``HarnessError`` naming the paths tried when there is none.
    static func python() throws -> String {
        try executable(
            environmentVariable: "DROVER_PYTHON",
            fallback: packageRoot.appendingPathComponent(".venv/bin/python").path,
            hint: "run `make deps` to create .venv with redis-py (or set DROVER_PYTHON)")
    }

    private static func executable(environmentVariable: String, fallback: String, hint: String) throws -> String {
        let path = ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
            ?? fallback
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw HarnessError("no executable at \(path) (\(environmentVariable) unset or wrong): \(hint)")
        }
        return path
    }
}
