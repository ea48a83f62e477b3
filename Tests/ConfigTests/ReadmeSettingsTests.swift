import Config
import Foundation
import Testing

/// The README's settings section is the settings table rendered; it cannot drift from the
/// code. After changing a setting, rewrite it with
/// `DROVER_UPDATE_README=1 swift test --filter ReadmeSettings`.
@Suite struct ReadmeSettingsTests {
    static let begin = "<!-- settings table: generated from Settings.markdownTable(), see Tests/ConfigTests/ReadmeSettingsTests.swift -->"
    static let end = "<!-- end of settings table -->"

    static var readme: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
    }

    @Test func readmeShowsTheSettingsTable() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let rendered = Self.begin + "\n\n" + Settings.markdownTable() + "\n" + Self.end
        let current = try #require(Self.section(of: text), "README.md lacks the settings table markers")
        if current != rendered, ProcessInfo.processInfo.environment["DROVER_UPDATE_README"] == "1" {
            try text.replacingOccurrences(of: current, with: rendered).write(to: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == rendered, "README.md's settings table is out of date: DROVER_UPDATE_README=1 swift test --filter ReadmeSettings")
    }

    static func section(of text: String) -> String? {
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            return nil
        }
        return String(text[start.lowerBound..<stop.upperBound])
    }
}
