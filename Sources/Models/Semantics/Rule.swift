/// A resolved rule of a service's model (the thesis's rely-guarantee 4-tuple).
public struct Rule: Sendable, Hashable {
    public var service: String
    public var name: String
    /// The message received: a request to this service, or a response to one of its calls.
    public var trigger: MessageID
    /// Message-only conjuncts of the condition (global precondition; the switch can check them).
    public var globalCondition: Expr
    /// Conjuncts that read local state (local precondition; invisible to the switch).
    public var localCondition: Expr
    public var actions: [Action]
    /// Types of the rule's `any T` values, by index.
    public var anyTypes: [ValueType]
    public var location: SourceLocation

    public var qualifiedName: String { "\(service).\(name)" }
}
