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

    /// Adds the conjunct `path == bound(index)` and records the binding.
    mutating func bind(_ index: Int, to path: String) {
        condition = .conjunction(condition.conjuncts + [.compare(.eq, .field(path), .bound(index))])
        bindings[index] = path
    }
}
