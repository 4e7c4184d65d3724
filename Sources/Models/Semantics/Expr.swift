/// A resolved, typed expression. Fields are leaves of the message at hand, state is named by its
/// qualified name, `bound(i)` is an invariant's i-th forall variable, `any(i)` a rule's i-th
/// arbitrary value. Strings are integer codes (see `Value`).
public indirect enum Expr: Sendable, Hashable {
    case constant(Value)
    case field(String)
    case bound(Int)
    case state(String)
    /// Set membership, or "map has key".
    case member(String, Expr)
    case lookup(String, Expr)
    case any(Int)
    case not(Expr)
    case and([Expr])
    case or([Expr])
    case compare(CompareOperator, Expr, Expr)
    case add(Expr, Expr)
    case subtract(Expr, Expr)
    /// Whether a string starts with a prefix literal (see `StringPrefixInterpretation`).
    case hasPrefix(Expr, String)

    public static let `true` = Expr.constant(.bool(true))

    /// Whether evaluating the expression reads a service's local state.
    public var readsState: Bool {
        switch self {
        case .state, .member, .lookup: return true
        case .constant, .field, .bound, .any: return false
        case .not(let e), .hasPrefix(let e, _): return e.readsState
        case .and(let es), .or(let es): return es.contains { $0.readsState }
        case .compare(_, let a, let b), .add(let a, let b), .subtract(let a, let b): return a.readsState || b.readsState
        }
    }

    /// The message field paths the expression reads.
    public var fieldPaths: Set<String> {
        switch self {
        case .field(let p): return [p]
        case .constant, .bound, .state, .any: return []
        case .member(_, let e), .lookup(_, let e), .not(let e), .hasPrefix(let e, _): return e.fieldPaths
        case .and(let es), .or(let es): return es.reduce(into: []) { $0.formUnion($1.fieldPaths) }
        case .compare(_, let a, let b), .add(let a, let b), .subtract(let a, let b): return a.fieldPaths.union(b.fieldPaths)
        }
    }

    /// The state variables the expression reads.
    public var stateReads: Set<String> {
        switch self {
        case .state(let s): return [s]
        case .member(let s, let e), .lookup(let s, let e): return e.stateReads.union([s])
        case .constant, .field, .bound, .any: return []
        case .not(let e), .hasPrefix(let e, _): return e.stateReads
        case .and(let es), .or(let es): return es.reduce(into: []) { $0.formUnion($1.stateReads) }
        case .compare(_, let a, let b), .add(let a, let b), .subtract(let a, let b): return a.stateReads.union(b.stateReads)
        }
    }

    /// Top-level conjuncts.
    public var conjuncts: [Expr] {
        switch self {
        case .and(let es): return es.flatMap(\.conjuncts)
        case .constant(.bool(true)): return []
        default: return [self]
        }
    }

    public static func conjunction(_ parts: [Expr]) -> Expr {
        parts.isEmpty ? .true : parts.count == 1 ? parts[0] : .and(parts)
    }
}
