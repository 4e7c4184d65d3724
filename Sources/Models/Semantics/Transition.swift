/// One way a step can happen: a rule fires on a message from a given sender.
public struct Transition: Sendable, Hashable {
    public var rule: Int
    public var sender: String
    /// The channel the trigger is taken from; nil for requests of external clients (any values).
    public var channel: Channel?
}
