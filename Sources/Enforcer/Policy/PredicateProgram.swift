import Models

/// Compiled-spec predicates (`PredicateNode`s) prepared for evaluation on the packet path, as one
/// flat program: nodes refer to their arguments by index, field paths are slots of a message
/// type's field table, and string constants are ranges of one byte pool. Nothing in it is a
/// reference of its own, so evaluating a predicate copies and retains nothing. Every predicate of
/// one message type's checks goes into that type's program; each is named by a `Condition`.
struct PredicateProgram: Sendable {
    /// One node; arguments are positions in `nodes` (always earlier ones), the operands of `and`
    /// and `or` a range of `operands`.
    private enum Node: Sendable {
        case always
        case int(Int64)
        case bool(Bool)
        /// A string constant: its bytes in `pool`.
        case bytes(Range<Int>)
        case field(slot: Int)
        case bound(Int)
        case not(Int)
        case and(Range<Int>)
        case or(Range<Int>)
        case compare(PredicateNode.Op, Int, Int)
        case add(Int, Int)
        case subtract(Int, Int)
        /// Whether the argument is a string starting with the bytes of `pool` in the range.
        case prefix(Range<Int>, Int)
    }

    /// A value while evaluating: an integer or truth value, or where a string's bytes are (they
    /// are compared where they lie).
    private enum Operand {
        case int(Int64)
        case bool(Bool)
        case pooled(Range<Int>)
        case field(slot: Int)
        case bound(Int)
    }

    private var nodes: [Node] = []
    private var operands: [Int] = []
    private var pool: [UInt8] = []

    /// Adds `node`; `slot` gives the field-table slot of a field path of a type.
    mutating func add(_ node: PredicateNode, slot: (String, ValueType) -> Int) throws(PolicyError) -> Condition {
        if node.op == .true { return .always }
        return Condition(root: try append(node, slot: slot))
    }

    private mutating func append(_ node: PredicateNode, slot: (String, ValueType) -> Int) throws(PolicyError) -> Int {
        func args(_ count: Int) throws(PolicyError) -> [Int] {
            guard let nodes = node.args, nodes.count == count || count < 0 else {
                throw PolicyError("predicate node '\(node.op.rawValue)' needs \(count) arguments")
            }
            var result: [Int] = []
            for n in nodes { result.append(try append(n, slot: slot)) }
            return result
        }
        func operandRange(_ arguments: [Int]) -> Range<Int> {
            operands.append(contentsOf: arguments)
            return (operands.count - arguments.count)..<operands.count
        }
        func pooled(_ string: String) -> Range<Int> {
            pool.append(contentsOf: string.utf8)
            return (pool.count - string.utf8.count)..<pool.count
        }
        let prepared: Node
        switch node.op {
        case .true: prepared = .always
        case .const:
            if let b = node.bool { prepared = .bool(b) }
            else if let n = node.int { prepared = .int(Int64(n)) }
            else if let s = node.string { prepared = .bytes(pooled(s)) }
            else { throw PolicyError("a 'const' node without a value") }
        case .field:
            guard let path = node.path else { throw PolicyError("a 'field' node without a path") }
            prepared = .field(slot: slot(path, node.type ?? .string))
        case .bound:
            guard let index = node.index else { throw PolicyError("a 'bound' node without an index") }
            prepared = .bound(index)
        case .not: prepared = .not(try args(1)[0])
        case .and: prepared = .and(operandRange(try args(-1)))
        case .or: prepared = .or(operandRange(try args(-1)))
        case .eq, .ne, .lt, .le, .gt, .ge:
            let a = try args(2)
            prepared = .compare(node.op, a[0], a[1])
        case .add:
            let a = try args(2)
            prepared = .add(a[0], a[1])
        case .sub:
            let a = try args(2)
            prepared = .subtract(a[0], a[1])
        case .prefix:
            guard let prefix = node.string else { throw PolicyError("a 'prefix' node without its string") }
            let argument = try args(1)[0]
            prepared = .prefix(pooled(prefix), argument)
        }
        nodes.append(prepared)
        return nodes.count - 1
    }

    /// Whether `condition` holds for a message's `fields` (by slot) and a monitor's `bound`
    /// values. A comparison reading a missing field is false (docs/compiled-spec-format.md).
    @inline(__always)
    func holds(_ condition: Condition, _ fields: borrowing [CheckValue?], _ bound: borrowing [CheckValue] = []) -> Bool {
        condition.isAlways || holds(node: condition.root, fields, bound)
    }

    private func holds(node i: Int, _ fields: borrowing [CheckValue?], _ bound: borrowing [CheckValue]) -> Bool {
        switch nodes[i] {
        case .always: return true
        case .not(let a): return !holds(node: a, fields, bound)
        case .and(let range):
            for k in range where !holds(node: operands[k], fields, bound) { return false }
            return true
        case .or(let range):
            for k in range where holds(node: operands[k], fields, bound) { return true }
            return false
        case .compare(let op, let a, let b):
            guard let x = value(a, fields, bound), let y = value(b, fields, bound) else { return false }
            switch (op, x, y) {
            case (.eq, _, _): return equal(x, y, fields, bound)
            case (.ne, _, _): return !equal(x, y, fields, bound)
            case (.lt, .int(let m), .int(let n)): return m < n
            case (.le, .int(let m), .int(let n)): return m <= n
            case (.gt, .int(let m), .int(let n)): return m > n
            case (.ge, .int(let m), .int(let n)): return m >= n
            default: return false
            }
        case .prefix(let prefix, let a):
            // The common form, a field's prefix, names the field without a call of `value`.
            let x: Operand?
            if case .field(let slot) = nodes[a] { x = .field(slot: slot) } else { x = value(a, fields, bound) }
            guard let x else { return false }
            return withBytes(x, fields, bound) { value in
                withBytes(.pooled(prefix), fields, bound) { prefix in
                    value.count >= prefix.count && Self.same(value.baseAddress, prefix.baseAddress, prefix.count)
                }
            }
        case .int, .bool, .bytes, .field, .bound, .add, .subtract:
            guard case .bool(let b)? = value(i, fields, bound) else { return false }
            return b
        }
    }

    /// The value of node `i`; nil when it reads a missing field or bound value, or adds what is
    /// not an integer.
    private func value(_ i: Int, _ fields: borrowing [CheckValue?], _ bound: borrowing [CheckValue]) -> Operand? {
        switch nodes[i] {
        case .int(let n): return .int(n)
        case .bool(let b): return .bool(b)
        case .bytes(let range): return .pooled(range)
        case .field(let slot):
            switch fields[slot] {
            case .int(let n)?: return .int(n)
            case .bool(let b)?: return .bool(b)
            case .bytes?: return .field(slot: slot)
            case nil: return nil
            }
        case .bound(let k):
            guard k < bound.count else { return nil }
            switch bound[k] {
            case .int(let n): return .int(n)
            case .bool(let b): return .bool(b)
            case .bytes: return .bound(k)
            }
        case .add(let a, let b), .subtract(let a, let b):
            guard case .int(let m)? = value(a, fields, bound), case .int(let n)? = value(b, fields, bound) else { return nil }
            if case .add = nodes[i] { return .int(m &+ n) }
            return .int(m &- n)
        case .always, .not, .and, .or, .compare, .prefix:
            return .bool(holds(node: i, fields, bound))
        }
    }

    /// Equality as `CheckValue`'s: values of different kinds differ, strings compare byte for byte.
    private func equal(_ x: Operand, _ y: Operand, _ fields: borrowing [CheckValue?], _ bound: borrowing [CheckValue]) -> Bool {
        switch (x, y) {
        case (.int(let m), .int(let n)): return m == n
        case (.bool(let a), .bool(let b)): return a == b
        case (.int, _), (_, .int), (.bool, _), (_, .bool): return false
        default:
            return withBytes(x, fields, bound) { a in
                withBytes(y, fields, bound) { b in a.count == b.count && Self.same(a.baseAddress, b.baseAddress, a.count) }
            }
        }
    }

    /// `body` on the bytes of string operand `x` where they lie; false when `x` is not a string.
    @inline(__always)
    private func withBytes(_ x: Operand, _ fields: borrowing [CheckValue?], _ bound: borrowing [CheckValue],
                           _ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        switch x {
        case .pooled(let range):
            return pool.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        case .field(let slot):
            guard case .bytes(let bytes)? = fields[slot] else { return false }
            return bytes.withUnsafeBytes(body)
        case .bound(let k):
            guard case .bytes(let bytes) = bound[k] else { return false }
            return bytes.withUnsafeBytes(body)
        case .int, .bool:
            return false
        }
    }

    /// Whether the `count` bytes at `a` and `b` are the same; a loop, as predicates' strings are short.
    @inline(__always)
    private static func same(_ a: UnsafeRawPointer?, _ b: UnsafeRawPointer?, _ count: Int) -> Bool {
        guard let a, let b else { return count == 0 }
        for i in 0..<count where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) {
            return false
        }
        return true
    }
}
