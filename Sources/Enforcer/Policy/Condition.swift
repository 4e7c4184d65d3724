import Models

/// A compiled-spec predicate (`PredicateNode`) prepared for evaluation: field paths are replaced
/// by slots of the message type's field table, constants by `CheckValue`s.
indirect enum Condition: Sendable {
    case always
    case constant(CheckValue)
    case field(slot: Int)
    case bound(Int)
    case not(Condition)
    case and([Condition])
    case or([Condition])
    case compare(PredicateNode.Op, Condition, Condition)
    case add(Condition, Condition)
    case subtract(Condition, Condition)
    case prefix([UInt8], Condition)

    /// Prepares `node`; `slot` gives the field-table slot of a field path of a type.
    init(_ node: PredicateNode, slot: (String, ValueType) -> Int) throws(PolicyError) {
        func args(_ count: Int) throws(PolicyError) -> [Condition] {
            guard let nodes = node.args, nodes.count == count || count < 0 else {
                throw PolicyError("predicate node '\(node.op.rawValue)' needs \(count) arguments")
            }
            var result: [Condition] = []
            for n in nodes { result.append(try Condition(n, slot: slot)) }
            return result
        }
        switch node.op {
        case .true: self = .always
        case .const:
            if let b = node.bool { self = .constant(.bool(b)) }
            else if let n = node.int { self = .constant(.int(Int64(n))) }
            else if let s = node.string { self = .constant(.bytes(Array(s.utf8))) }
            else { throw PolicyError("a 'const' node without a value") }
        case .field:
            guard let path = node.path else { throw PolicyError("a 'field' node without a path") }
            self = .field(slot: slot(path, node.type ?? .string))
        case .bound:
            guard let index = node.index else { throw PolicyError("a 'bound' node without an index") }
            self = .bound(index)
        case .not: self = .not(try args(1)[0])
        case .and: self = .and(try args(-1))
        case .or: self = .or(try args(-1))
        case .eq, .ne, .lt, .le, .gt, .ge:
            let a = try args(2)
            self = .compare(node.op, a[0], a[1])
        case .add:
            let a = try args(2)
            self = .add(a[0], a[1])
        case .sub:
            let a = try args(2)
            self = .subtract(a[0], a[1])
        case .prefix:
            guard let prefix = node.string else { throw PolicyError("a 'prefix' node without its string") }
            self = .prefix(Array(prefix.utf8), try args(1)[0])
        }
    }

    var isAlways: Bool {
        if case .always = self { return true }
        return false
    }

    /// Whether the predicate holds for a message's `fields` (by slot) and the monitor's `bound`
    /// values. A comparison reading a missing field is false (docs/compiled-spec-format.md).
    @inline(__always)
    func holds(_ fields: [CheckValue?], _ bound: [CheckValue] = []) -> Bool {
        if case .always = self { return true }
        return evaluate(fields, bound)
    }

    private func evaluate(_ fields: [CheckValue?], _ bound: [CheckValue]) -> Bool {
        switch self {
        case .always: return true
        case .not(let c): return !c.holds(fields, bound)
        case .and(let parts): return parts.allSatisfy { $0.holds(fields, bound) }
        case .or(let parts): return parts.contains { $0.holds(fields, bound) }
        case .compare(let op, let a, let b):
            guard let x = a.value(fields, bound), let y = b.value(fields, bound) else { return false }
            switch (op, x, y) {
            case (.eq, _, _): return x == y
            case (.ne, _, _): return x != y
            case (.lt, .int(let m), .int(let n)): return m < n
            case (.le, .int(let m), .int(let n)): return m <= n
            case (.gt, .int(let m), .int(let n)): return m > n
            case (.ge, .int(let m), .int(let n)): return m >= n
            default: return false
            }
        case .prefix(let prefix, .field(let slot)):
            // The common form, read in place: the field's bytes are not copied out of `fields`.
            guard case .bytes(let b)? = fields[slot] else { return false }
            return Self.starts(b, with: prefix)
        case .prefix(let prefix, let a):
            guard case .bytes(let b)? = a.value(fields, bound) else { return false }
            return Self.starts(b, with: prefix)
        case .constant, .field, .bound, .add, .subtract:
            return value(fields, bound) == .bool(true)
        }
    }

    /// Whether `value` begins with `prefix`, compared as raw bytes.
    private static func starts(_ value: [UInt8], with prefix: [UInt8]) -> Bool {
        value.count >= prefix.count && value.withUnsafeBytes { value in prefix.withUnsafeBytes { value.starts(with: $0) } }
    }

    /// The value of a value node; nil when it reads a missing field or is not a value.
    func value(_ fields: [CheckValue?], _ bound: [CheckValue]) -> CheckValue? {
        switch self {
        case .constant(let v): return v
        case .field(let slot): return fields[slot]
        case .bound(let i): return i < bound.count ? bound[i] : nil
        case .add(let a, let b), .subtract(let a, let b):
            guard case .int(let m)? = a.value(fields, bound), case .int(let n)? = b.value(fields, bound) else { return nil }
            if case .add = self { return .int(m &+ n) }
            return .int(m &- n)
        default: return .bool(holds(fields, bound))
        }
    }
}
