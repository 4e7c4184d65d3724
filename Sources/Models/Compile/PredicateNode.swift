/// A predicate or value over one message's fields, as a small typed tree the enforcer evaluates
/// without parsing: `op` says what the node is, the other members are set as `op` needs
/// (docs/compiled-spec-format.md lists them).
public struct PredicateNode: Sendable, Hashable, Codable {
    /// Node kinds. Leaves: `true`, `const`, `field`, `bound`; the rest take `args`.
    public enum Op: String, Sendable, Codable {
        case `true`, const, field, bound, not, and, or, eq, ne, lt, le, gt, ge, add, sub, prefix
    }

    public var op: Op
    /// `field`: the dotted field path (`request.x` in a response names the paired request's field).
    public var path: String?
    /// `bound`: the monitor variable index.
    public var index: Int?
    /// `const`, `field`, `bound`: the value type.
    public var type: ValueType?
    /// `const`: exactly one of these is set, as `type` says (strings and sorts use `string`/`int`);
    /// `prefix`: `string` is the prefix its one argument starts with.
    public var int: Int?
    public var bool: Bool?
    public var string: String?
    public var args: [PredicateNode]?

    public static let always = PredicateNode(op: .true)

    public init(op: Op, path: String? = nil, index: Int? = nil, type: ValueType? = nil, int: Int? = nil, bool: Bool? = nil,
                string: String? = nil, args: [PredicateNode]? = nil) {
        self.op = op
        self.path = path
        self.index = index
        self.type = type
        self.int = int
        self.bool = bool
        self.string = string
        self.args = args
    }

    /// Field paths the node reads.
    public var fieldPaths: Set<String> {
        var result: Set<String> = path.map { [$0] } ?? []
        for arg in args ?? [] { result.formUnion(arg.fieldPaths) }
        return result
    }

    public static func disjunction(_ parts: [PredicateNode]) -> PredicateNode {
        if parts.contains(where: { $0.op == .true }) { return .always }
        return parts.count == 1 ? parts[0] : PredicateNode(op: .or, args: parts)
    }

    public static func conjunction(_ parts: [PredicateNode]) -> PredicateNode {
        let kept = parts.filter { $0.op != .true }
        return kept.isEmpty ? .always : kept.count == 1 ? kept[0] : PredicateNode(op: .and, args: kept)
    }
}
