/// Whoever receives what a subscriber connection sends unasked: a subscribed client.
public protocol PushTarget: AnyObject {
    /// A frame no request waits for (a pub/sub message or confirmation). Valid only during
    /// the call.
    func backendPushed(_ frame: UnsafeRawBufferPointer, from connection: BackendConnection)

    /// The subscriber connection closed; its subscriptions are gone.
    func pushConnectionLost(_ connection: BackendConnection, message: String)
}
