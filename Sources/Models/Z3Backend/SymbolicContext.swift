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
    let strings: StringPrefixInterpretation

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
        case .hasPrefix(let e, let prefix): return startsWith(evaluate(e), prefix)
        }
    }

    /// The encoding of `StringPrefixInterpretation.holds`: a literal by its text, any other
    /// integer by its residue modulo the number of prefix classes.
    private func startsWith(_ value: Z3_ast, _ prefix: String) -> Z3_ast {
        let literalCodes = strings.literals.indices.map { z3.int(CheckedSpec.literalCode($0)) }
        let matchingLiterals = strings.literalIndices(startingWith: prefix).map { z3.eq(value, literalCodes[$0]) }
        let residue = z3.modulo(value, strings.modulus)
        let matchingClass = z3.or(strings.classes(startingWith: prefix).map { z3.eq(residue, z3.int($0)) })
        let notLiteral = z3.and(literalCodes.map { z3.not(z3.eq(value, $0)) })
        return z3.or(matchingLiterals + [z3.and([notLiteral, matchingClass])])
    }
}
