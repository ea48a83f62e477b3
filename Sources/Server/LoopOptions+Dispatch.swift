import Backend
import Dispatch

extension LoopOptions.QoS {
    /// The quality of service a worker's queue is created with.
    var dispatchQoS: DispatchQoS {
        switch self {
        case .default: .default
        case .userInteractive: .userInteractive
        case .userInitiated: .userInitiated
        case .utility: .utility
        case .background: .background
        }
    }
}
