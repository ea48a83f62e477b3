/// A failure of the test harness itself (a process that would not start, a socket that
/// would not connect), as opposed to a wrong answer from the system under test.
struct HarnessError: Error, CustomStringConvertible {
    /// What went wrong, with enough context to act on it.
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
