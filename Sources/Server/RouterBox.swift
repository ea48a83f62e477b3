import DroverCore

/// A router held by reference, so client connections can switch to a new one (an
/// ejection ring) while reading the current one on every request without copying it or
/// counting references: a client holds it unretained (`Unmanaged`), its worker pool strongly.
final class RouterBox: Sendable {
    let router: Router

    init(_ router: Router) { self.router = router }
}
