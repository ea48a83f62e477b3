/// Whoever waits for a backend's answer to a request it sent: a client connection.
///
/// Each request carries a `token` and `fragment` chosen by the sender, handed back
/// unchanged so the sender can find the reply's place in its own ordering.
public protocol ReplyTarget: AnyObject {
    /// The backend answered. `reply` is the complete raw reply, valid only during the call.
    func backendReplied(token: Int, fragment: Int, reply: UnsafeRawBufferPointer)

    /// The request will get no answer (timed out, connection lost, cannot connect);
    /// `message` is the error text to show the client, without the leading '-'.
    func backendFailed(token: Int, fragment: Int, message: String)

    /// The connection broke (reset, closed by the backend, connect failed) before the
    /// request was answered. The request may or may not have run; a sender that knows
    /// another node can serve it may send it there. By default: ``backendFailed(token:fragment:message:)``.
    func backendLost(token: Int, fragment: Int, message: String)
}

extension ReplyTarget {
    public func backendLost(token: Int, fragment: Int, message: String) {
        backendFailed(token: token, fragment: fragment, message: message)
    }
}
