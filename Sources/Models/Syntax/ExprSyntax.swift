/// An expression as written: field paths, literals, state reads, operators. Resolved by the type checker.
public indirect enum ExprSyntax: Sendable, Hashable, CustomStringConvertible {
    case path([String], SourceLocation)
    case integer(Int, SourceLocation)
    case string(String, SourceLocation)
    case boolean(Bool, SourceLocation)
    /// `any T`: an arbitrary value of type T chosen by the service (fresh ids, opaque results).
    case any(TypeSyntax, SourceLocation)
    case unary(String, ExprSyntax, SourceLocation)
    case binary(String, ExprSyntax, ExprSyntax, SourceLocation)
    /// `e in c` / `e not in c` where c is a set or a map (its keys).
    case member(ExprSyntax, ExprSyntax, negated: Bool, SourceLocation)
    /// `e in low..high`, inclusive.
    case range(ExprSyntax, Int, Int, SourceLocation)
    /// `e starts with "prefix"`.
    case startsWith(ExprSyntax, String, SourceLocation)
    /// `m[k]`: the value a map holds for k.
    case index(ExprSyntax, ExprSyntax, SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .path(_, let l), .integer(_, let l), .string(_, let l), .boolean(_, let l), .any(_, let l),
             .unary(_, _, let l), .binary(_, _, _, let l), .member(_, _, _, let l), .range(_, _, _, let l),
             .startsWith(_, _, let l), .index(_, _, let l):
            return l
        }
    }

    public var description: String {
        switch self {
        case .path(let p, _): return p.joined(separator: ".")
        case .integer(let v, _): return String(v)
        case .string(let s, _): return "\"\(s)\""
        case .boolean(let b, _): return String(b)
        case .any(let t, _): return "any \(t)"
        case .unary(let op, let e, _): return op == "not" ? "not \(e)" : "\(op)\(e)"
        case .binary(let op, let a, let b, _): return "\(a) \(op) \(b)"
        case .member(let e, let c, let negated, _): return "\(e) \(negated ? "not in" : "in") \(c)"
        case .range(let e, let lo, let hi, _): return "\(e) in \(lo)..\(hi)"
        case .startsWith(let e, let prefix, _): return "\(e) starts with \"\(prefix)\""
        case .index(let m, let k, _): return "\(m)[\(k)]"
        }
    }
}
