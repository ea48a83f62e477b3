/// How a reload ended.
public enum ReloadOutcome: Sendable, Equatable {
    /// The new configuration serves; `summary` says what changed (``Config/ConfigDiff/summary``).
    case applied(generation: Int, summary: String)
    /// The file was unreadable or invalid (`error` is `FILE:LINE:COL: message`), or could
    /// not be applied; the running configuration, `generation`, keeps serving.
    case failed(error: String, generation: Int)
}

/// What client connections ask of the daemon as a whole: INFO and the DROVER admin
/// commands. ``DroverServer`` implements it; workers hold it weakly.
protocol AdminService: AnyObject, Sendable {
    /// INFO's text for the asked sections (all when empty).
    func infoText(sections: [String]) -> String
    /// The running configuration, described (`DROVER CONFIG`).
    func configText() -> String
    /// The running configuration's generation.
    var generation: Int { get }
    /// Reloads the configuration file off the caller's thread and reports the outcome.
    func reload(then report: @escaping @Sendable (ReloadOutcome) -> Void)
}

/// A worker-owned object carried through another thread and back to its worker (which
/// alone touches it), e.g. a client waiting for DROVER RELOAD's answer.
struct WorkerBound<Value: AnyObject>: @unchecked Sendable {
    let value: Value
}
