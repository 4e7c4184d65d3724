/// A set of message events in an invariant: sent or received at a service, of one message type,
/// satisfying a condition over the message's leaves and the invariant's bound variables.
public struct EventPattern: Sendable, Hashable {
    public var isSend: Bool
    public var message: MessageID
    public var at: String
    public var condition: Expr
    /// For each bound variable (by index), the leaf it is equated to in the condition.
    public var bindings: [Int: String]
    public var location: SourceLocation
}
