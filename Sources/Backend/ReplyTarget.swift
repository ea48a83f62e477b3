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
}
