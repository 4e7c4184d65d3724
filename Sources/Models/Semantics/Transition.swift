/// One way a step can happen: `receiver` receives a message of type `message` from `sender`
/// and fires `rule`, or (rule nil) no rule — the message arrives and the service does nothing,
/// which invariants about received messages must also see.
public struct Transition: Sendable, Hashable {
    public var rule: Int?
    public var receiver: String
    public var message: MessageID
    public var sender: String
    /// The channel the message is taken from; nil for requests of external clients (any values).
    public var channel: Channel?
}
