/// Comparison operators of the spec language.
public enum CompareOperator: String, Sendable, Hashable, Codable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
}
