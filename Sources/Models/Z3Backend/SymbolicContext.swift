import CZ3

/// Translates a resolved expression to a Z3 term given the terms for fields, bound variables,
/// `any` values and state.
struct SymbolicContext {
    let z3: Z3Context
    let fields: [String: Z3_ast]
    let bound: [Z3_ast]
    let anyValues: [Z3_ast]
    let state: [Z3_ast]
    let stateIndex: [String: Int]

    func evaluate(_ expression: Expr) -> Z3_ast {
        switch expression {
        case .constant(let value):
            if case .bool(let b) = value { return z3.bool(b) }
            return z3.int(value.intValue)
        case .field(let path): return fields[path]!
        case .bound(let index): return bound[index]
        case .state(let name): return state[stateIndex[name]!]
        case .member(let name, let e): return z3.select(state[stateIndex[name]!], [evaluate(e)])
        case .lookup(let name, let e): return z3.select(state[stateIndex[name]! + 1], [evaluate(e)])
        case .any(let index): return anyValues[index]
        case .not(let e): return z3.not(evaluate(e))
        case .and(let parts): return z3.and(parts.map(evaluate))
        case .or(let parts): return z3.or(parts.map(evaluate))
        case .compare(let op, let a, let b): return z3.compare(op, evaluate(a), evaluate(b))
        case .add(let a, let b): return z3.add(evaluate(a), evaluate(b))
        case .subtract(let a, let b): return z3.subtract(evaluate(a), evaluate(b))
        }
    }
}
