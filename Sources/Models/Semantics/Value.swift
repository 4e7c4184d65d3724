/// A concrete value in an execution of the models. Strings and sort elements are integers:
/// string literal i of the spec is `CheckedSpec.literalCode(i)`, any other integer is some other
/// string or identity.
public enum Value: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case bool(Bool)

    public var intValue: Int {
        switch self {
        case .int(let v): return v
        case .bool(let b): return b ? 1 : 0
        }
    }

    public var boolValue: Bool {
        switch self {
        case .bool(let b): return b
        case .int(let v): return v != 0
        }
    }

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .bool(let b): return String(b)
        }
    }
}
