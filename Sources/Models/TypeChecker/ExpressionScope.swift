/// What names mean inside an expression: in a rule, the bound message and the service's state;
/// in an invariant event, the event message's fields and the forall variables.
struct ExpressionScope {
    /// The rule's name for the received message (rules only).
    var binder: String?
    /// Scalar leaves of the message at hand.
    var leaves: [String: ValueType]
    /// Paths that exist but cannot be addressed (repeated or too deeply nested).
    var opaquePaths: Set<String>
    /// State variables visible by their short name (rules only).
    var states: [String: StateVar]
    /// Forall variables of an invariant with their index.
    var bound: [String: (index: Int, type: ValueType)]
    /// Whether `any T` may appear (rule effects only).
    var allowsAny: Bool
}
