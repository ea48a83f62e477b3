import Logging
import Synchronization

/// The log level, changeable while running: a reload applies the file's `log_level`.
/// Every logger's handler reads it on each log call (one relaxed atomic load).
public final class LogLevelControl: Sendable {
    private let raw: Atomic<Int>
    private static let levels = Logger.Level.allCases

    /// - Parameter level: The level to start with.
    public init(_ level: Logger.Level) {
        raw = Atomic(Self.levels.firstIndex(of: level) ?? 2)
    }

    /// The least severe level logged.
    public var level: Logger.Level {
        get { Self.levels[raw.load(ordering: .relaxed)] }
        set { raw.store(Self.levels.firstIndex(of: newValue) ?? 2, ordering: .relaxed) }
    }
}

/// A swift-log handler that writes like `StreamLogHandler` to stderr and takes its level
/// from a ``LogLevelControl``.
public struct ControlledLogHandler: LogHandler {
    private var stream: StreamLogHandler
    private let control: LogLevelControl

    /// - Parameters:
    ///   - label: The logger's label.
    ///   - control: Where the level is read from.
    public init(label: String, control: LogLevelControl) {
        stream = StreamLogHandler.standardError(label: label)
        self.control = control
    }

    public var logLevel: Logger.Level {
        get { control.level }
        set { control.level = newValue }
    }

    public var metadata: Logger.Metadata {
        get { stream.metadata }
        set { stream.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { stream[metadataKey: key] }
        set { stream[metadataKey: key] = newValue }
    }

    /// Writes the event; `Logger` has already compared its level with ``logLevel``.
    public func log(event: LogEvent) {
        stream.log(event: event)
    }
}
