/// The type of a state variable: a scalar (counters are ints), a set, or a map.
public enum StateType: Sendable, Hashable, CustomStringConvertible {
    case scalar(ValueType)
    case set(ValueType)
    case map(ValueType, ValueType)

    public var description: String {
        switch self {
        case .scalar(let t): return t.description
        case .set(let t): return "set<\(t)>"
        case .map(let k, let v): return "map<\(k), \(v)>"
        }
    }
}
