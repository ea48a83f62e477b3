import Dispatch
import Glibc
import Logging
import Server

/// SIGTERM/SIGINT stop the server gracefully; SIGHUP reloads the configuration. Sources
/// live for the whole process: releasing a suspended DispatchSource crashes, so they are
/// never released.
final class SignalHandling: @unchecked Sendable {
    private let server: DroverServer
    private let logger: Logger
    private let queue = DispatchQueue(label: "drover.signals")
    private var sources: [DispatchSourceSignal] = []
    /// How long in-flight requests may take to finish after SIGTERM.
    static let drainMs = 5000

    init(server: DroverServer, logger: Logger) {
        self.server = server
        self.logger = logger
    }

    func install() {
        for signal in [SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
            source.setEventHandler { [self] in
                logger.info("stopping", metadata: ["signal": "\(signal == SIGTERM ? "SIGTERM" : "SIGINT")"])
                server.stop(drainMs: Self.drainMs)
                logger.info("stopped")
                exit(0)
            }
            source.resume()
            sources.append(source)
        }
        let hup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: queue)
        hup.setEventHandler { [self] in
            server.reload(trigger: "SIGHUP")  // logs its outcome
        }
        hup.resume()
        sources.append(hup)
    }
}
