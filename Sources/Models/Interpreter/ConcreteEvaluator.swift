/// Evaluates a resolved expression on concrete values (the interpreter's counterpart of
/// SymbolicContext). Map lookups of absent keys give 0/false, as in the encoding.
struct ConcreteEvaluator {
    let fields: [String: Value]
    let bound: [Value]
    let anyValues: [Value]
    let state: ModelState
    /// Maps whose values are bools (their absent keys read as false, others as 0).
    var boolMaps: Set<String> = []
    /// Which strings start with which prefix literal.
    let strings: StringPrefixInterpretation

    func evaluate(_ expression: Expr) -> Value {
        switch expression {
        case .constant(let value): return value
        case .field(let path): return fields[path] ?? .int(0)
        case .bound(let index): return bound[index]
        case .state(let name): return state.scalars[name] ?? .int(0)
        case .member(let name, let e):
            let key = evaluate(e)
            if let set = state.sets[name] { return .bool(set.contains(key)) }
            return .bool(state.maps[name]?[key] != nil)
        case .lookup(let name, let e):
            if let value = state.maps[name]?[evaluate(e)] { return value }
            return boolMaps.contains(name) ? .bool(false) : .int(0)
        case .any(let index): return anyValues[index]
        case .not(let e): return .bool(!evaluate(e).boolValue)
        case .and(let parts): return .bool(parts.allSatisfy { evaluate($0).boolValue })
        case .or(let parts): return .bool(parts.contains { evaluate($0).boolValue })
        case .compare(let op, let a, let b):
            let (x, y) = (evaluate(a).intValue, evaluate(b).intValue)
            switch op {
            case .eq: return .bool(x == y)
            case .ne: return .bool(x != y)
            case .lt: return .bool(x < y)
            case .le: return .bool(x <= y)
            case .gt: return .bool(x > y)
            case .ge: return .bool(x >= y)
            }
        case .add(let a, let b): return .int(evaluate(a).intValue &+ evaluate(b).intValue)
        case .subtract(let a, let b): return .int(evaluate(a).intValue &- evaluate(b).intValue)
        case .hasPrefix(let e, let prefix): return .bool(strings.holds(prefix, for: evaluate(e).intValue))
        }
    }
}
