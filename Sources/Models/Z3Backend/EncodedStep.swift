import CZ3

/// The formulas of one transition over given pre-state terms, plus the input terms a model
/// assigns (read back to build counterexamples).
struct EncodedStep {
    var guardCondition: Z3_ast
    var post: [Z3_ast]
    /// True when this step performs an event the invariant forbids.
    var violation: Z3_ast
    /// Every fresh input constant (universally quantified in CHC rules).
    var inputs: [Z3_ast]
    var triggerFields: [(LeafField, Z3_ast)]
    var anyValues: [Z3_ast]
    /// Messages sent, in action order: receiver, message type, leaf values.
    var sent: [(to: String, message: MessageID, fields: [(LeafField, Z3_ast)])]
}
