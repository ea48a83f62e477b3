import Foundation

/// A fresh folder under the system's temp directory, removed by ``remove()``.
struct TemporaryDirectory {
    /// The folder's URL.
    let url: URL

    /// Creates `/tmp/drover-it-<prefix>-<random>`; short, so Unix socket paths fit.
    init(prefix: String) throws {
        let name = "drover-it-\(prefix)-\(UUID().uuidString.prefix(8))"
        url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Writes `text` to `name` inside the folder.
    /// - Returns: the file's path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let file = path(name)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The contents of `name`, or "" when it cannot be read.
    func read(_ name: String) -> String {
        (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? ""
    }

    /// Deletes the folder and everything in it.
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
