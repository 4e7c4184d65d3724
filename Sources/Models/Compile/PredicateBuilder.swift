/// Converts resolved expressions over one message to PredicateNodes, turning string codes back
/// into the literals they stand for.
struct PredicateBuilder {
    let spec: CheckedSpec
    let leafTypes: [String: ValueType]
    let boundTypes: [ValueType]

    /// Nil if the expression reads state or `any` values (the enforcer cannot evaluate those).
    func build(_ expression: Expr, as expected: ValueType? = nil) -> PredicateNode? {
        switch expression {
        case .constant(.bool(true)) where expected == nil:
            return .always
        case .constant(let value):
            let type = expected ?? (value == .bool(true) || value == .bool(false) ? .bool : .int)
            switch type {
            case .bool: return PredicateNode(op: .const, type: .bool, bool: value.boolValue)
            case .string:
                let index = CheckedSpec.literalCode(0) - value.intValue
                guard index >= 0, index < spec.literals.count else { return nil }
                return PredicateNode(op: .const, type: .string, string: spec.literals[index])
            default: return PredicateNode(op: .const, type: type, int: value.intValue)
            }
        case .field(let path): return PredicateNode(op: .field, path: path, type: leafTypes[path])
        case .bound(let index): return PredicateNode(op: .bound, index: index, type: boundTypes[index])
        case .state, .member, .lookup, .any: return nil
        case .not(let e): return build(e).map { PredicateNode(op: .not, args: [$0]) }
        case .and(let parts):
            let built = parts.compactMap { build($0) }
            return built.count == parts.count ? .conjunction(built) : nil
        case .or(let parts):
            let built = parts.compactMap { build($0) }
            return built.count == parts.count ? PredicateNode(op: .or, args: built) : nil
        case .compare(let op, let a, let b):
            let type = self.type(of: a) ?? self.type(of: b)
            guard let left = build(a, as: type), let right = build(b, as: type) else { return nil }
            let kind: PredicateNode.Op = switch op { case .eq: .eq; case .ne: .ne; case .lt: .lt; case .le: .le; case .gt: .gt; case .ge: .ge }
            return PredicateNode(op: kind, args: [left, right])
        case .add(let a, let b), .subtract(let a, let b):
            guard let left = build(a, as: .int), let right = build(b, as: .int) else { return nil }
            if case .add = expression { return PredicateNode(op: .add, args: [left, right]) }
            return PredicateNode(op: .sub, args: [left, right])
        case .hasPrefix(let e, let prefix):
            return build(e, as: .string).map { PredicateNode(op: .prefix, string: prefix, args: [$0]) }
        }
    }

    private func type(of expression: Expr) -> ValueType? {
        switch expression {
        case .field(let path): return leafTypes[path]
        case .bound(let index): return boundTypes[index]
        case .constant(.bool), .hasPrefix: return .bool
        case .add, .subtract: return .int
        default: return nil
        }
    }
}
