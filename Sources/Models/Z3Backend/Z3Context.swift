import CZ3

/// Owns one Z3 context (created with `Z3_mk_context`, so terms live as long as the context) and
/// builds terms. Not thread-safe: one verification run uses one context on one thread; only
/// `interrupt()` may be called from another thread (it is Z3_interrupt's documented use).
public final class Z3Context: @unchecked Sendable {
    let raw: Z3_context
    public let intSort: Z3_sort
    public let boolSort: Z3_sort

    public init() {
        let config = Z3_mk_config()
        Z3_set_param_value(config, "model", "true")
        raw = Z3_mk_context(config)
        Z3_del_config(config)
        // Errors are read back with Z3_get_error_code where they matter; the default handler aborts.
        Z3_set_error_handler(raw) { _, _ in }
        intSort = Z3_mk_int_sort(raw)
        boolSort = Z3_mk_bool_sort(raw)
    }

    deinit { Z3_del_context(raw) }

    /// Asks a running solver call to stop; it then returns unknown ("canceled").
    public func interrupt() { Z3_interrupt(raw) }

    var errorMessage: String? {
        let code = Z3_get_error_code(raw)
        return code == Z3_OK ? nil : String(cString: Z3_get_error_msg(raw, code))
    }

    // MARK: Sorts

    func sort(_ type: ValueType) -> Z3_sort { type == .bool ? boolSort : intSort }

    /// A curried array sort `d1 -> (d2 -> ... -> range)`; with no domain, the range itself.
    func arraySort(_ domain: [Z3_sort], _ range: Z3_sort) -> Z3_sort {
        domain.reversed().reduce(range) { inner, index in Z3_mk_array_sort(raw, index, inner) }
    }

    // MARK: Terms

    func constant(_ name: String, _ sort: Z3_sort) -> Z3_ast {
        Z3_mk_const(raw, Z3_mk_string_symbol(raw, name), sort)
    }

    func int(_ value: Int) -> Z3_ast { Z3_mk_int64(raw, Int64(value), intSort) }
    func bool(_ value: Bool) -> Z3_ast { value ? Z3_mk_true(raw) : Z3_mk_false(raw) }

    func value(_ value: Value, _ type: ValueType) -> Z3_ast {
        type == .bool ? bool(value.boolValue) : int(value.intValue)
    }

    func and(_ parts: [Z3_ast]) -> Z3_ast {
        if parts.isEmpty { return bool(true) }
        if parts.count == 1 { return parts[0] }
        return parts.map { Optional($0) }.withUnsafeBufferPointer { Z3_mk_and(raw, UInt32($0.count), $0.baseAddress)! }
    }

    func or(_ parts: [Z3_ast]) -> Z3_ast {
        if parts.isEmpty { return bool(false) }
        if parts.count == 1 { return parts[0] }
        return parts.map { Optional($0) }.withUnsafeBufferPointer { Z3_mk_or(raw, UInt32($0.count), $0.baseAddress)! }
    }

    func not(_ a: Z3_ast) -> Z3_ast { Z3_mk_not(raw, a) }
    func eq(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { Z3_mk_eq(raw, a, b) }
    func implies(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { Z3_mk_implies(raw, a, b) }
    func ite(_ c: Z3_ast, _ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { Z3_mk_ite(raw, c, a, b) }

    func add(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast {
        [Optional(a), Optional(b)].withUnsafeBufferPointer { Z3_mk_add(raw, 2, $0.baseAddress)! }
    }

    func subtract(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast {
        [Optional(a), Optional(b)].withUnsafeBufferPointer { Z3_mk_sub(raw, 2, $0.baseAddress)! }
    }

    /// `a mod m` (SMT-LIB: Euclidean, in 0..<m for a positive constant m).
    func modulo(_ a: Z3_ast, _ m: Int) -> Z3_ast { Z3_mk_mod(raw, a, int(m)) }

    func compare(_ op: CompareOperator, _ a: Z3_ast, _ b: Z3_ast) -> Z3_ast {
        switch op {
        case .eq: return eq(a, b)
        case .ne: return not(eq(a, b))
        case .lt: return Z3_mk_lt(raw, a, b)
        case .le: return Z3_mk_le(raw, a, b)
        case .gt: return Z3_mk_gt(raw, a, b)
        case .ge: return Z3_mk_ge(raw, a, b)
        }
    }

    /// A curried constant array: every index maps to `value`.
    func constantArray(_ domain: [Z3_sort], _ value: Z3_ast) -> Z3_ast {
        domain.reversed().reduce(value) { inner, index in Z3_mk_const_array(raw, index, inner) }
    }

    func select(_ array: Z3_ast, _ indices: [Z3_ast]) -> Z3_ast {
        indices.reduce(array) { Z3_mk_select(raw, $0, $1) }
    }

    func store(_ array: Z3_ast, _ indices: [Z3_ast], _ value: Z3_ast) -> Z3_ast {
        guard let first = indices.first else { return value }
        let inner = Z3_mk_select(raw, array, first)!
        return Z3_mk_store(raw, array, first, store(inner, Array(indices.dropFirst()), value))
    }

    func forall(_ variables: [Z3_ast], _ body: Z3_ast) -> Z3_ast {
        if variables.isEmpty { return body }
        let apps: [Z3_app?] = variables.map { Z3_to_app(raw, $0) }
        return apps.withUnsafeBufferPointer { Z3_mk_forall_const(raw, 0, UInt32($0.count), $0.baseAddress, 0, nil, body)! }
    }

    func function(_ name: String, _ domain: [Z3_sort], _ range: Z3_sort) -> Z3_func_decl {
        domain.map { Optional($0) }.withUnsafeBufferPointer {
            Z3_mk_func_decl(raw, Z3_mk_string_symbol(raw, name), UInt32($0.count), $0.baseAddress, range)!
        }
    }

    func apply(_ function: Z3_func_decl, _ arguments: [Z3_ast]) -> Z3_ast {
        arguments.map { Optional($0) }.withUnsafeBufferPointer { Z3_mk_app(raw, function, UInt32($0.count), $0.baseAddress)! }
    }

    /// Reads a value out of a model (with model completion, so unconstrained terms get a value).
    func evaluate(_ model: Z3_model, _ term: Z3_ast, _ type: ValueType) -> Value {
        var result: Z3_ast?
        guard Z3_model_eval(raw, model, term, true, &result), let result else { return type == .bool ? .bool(false) : .int(0) }
        if type == .bool { return .bool(Z3_get_bool_value(raw, result) == Z3_L_TRUE) }
        var number: Int64 = 0
        _ = Z3_get_numeral_int64(raw, result, &number)
        return .int(Int(number))
    }
}
