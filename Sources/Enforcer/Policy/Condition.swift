/// A predicate of a `PredicateProgram`: its root node, or the predicate `true`, which passes
/// without evaluating anything.
struct Condition: Sendable {
    /// The root node's position in the program; negative for `always`.
    let root: Int

    static let always = Condition(root: -1)

    var isAlways: Bool { root < 0 }
}
