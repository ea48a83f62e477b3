/// A problem found in a configuration file, with the position of the offending key or value.
///
/// Its ``description`` reads like a compiler diagnostic, `FILE:LINE:COL: message`, so editors
/// and terminals can jump to the spot.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file the configuration came from (`<string>` when parsed from memory).
    public var file: String
    /// The 1-based line of the offending key or value, when the problem has a position.
    public var line: Int?
    /// The 1-based column (in Unicode scalars) of the offending key or value.
    public var column: Int?
    /// What is wrong, and where possible how to fix it.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - file: The configuration file's name.
    ///   - line: The 1-based line, if known.
    ///   - column: The 1-based column, if known.
    ///   - message: What is wrong.
    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COL: message`, or `FILE: message` for problems without a position.
    public var description: String {
        switch (line, column) {
        case let (line?, column?): "\(file):\(line):\(column): \(message)"
        case let (line?, nil): "\(file):\(line): \(message)"
        default: "\(file): \(message)"
        }
    }
}

/// A position-free parse failure of one value's text; the caller adds file and position.
struct ValueProblem: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
