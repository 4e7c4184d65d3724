/// Typing of expressions. Each function reports its own errors and returns nil on failure, so
/// one mistake gives one diagnostic, not a cascade.
extension TypeChecker {
    mutating func check(_ expression: ExprSyntax, _ scope: ExpressionScope, anyTypes: inout [ValueType]) -> (Expr, ValueType)? {
        switch expression {
        case .integer(let value, _):
            return (.constant(.int(value)), .int)
        case .boolean(let value, _):
            return (.constant(.bool(value)), .bool)
        case .string(let text, _):
            return (.constant(.int(literalCode(text))), .string)
        case .any(let type, let location):
            guard scope.allowsAny else {
                report(.typeMismatch, at: location, "`any` may only give values in send, reply or state updates",
                       text: expression.description, hint: "conditions must be decidable from the message and state")
                return nil
            }
            guard let valueType = valueType(type) else { return nil }
            anyTypes.append(valueType)
            return (.any(anyTypes.count - 1), valueType)
        case .path(let parts, let location):
            return resolvePath(parts, location, scope, text: expression.description)
        case .unary(let op, let operand, let location):
            guard let (inner, type) = check(operand, scope, anyTypes: &anyTypes) else { return nil }
            let expected: ValueType = op == "not" ? .bool : .int
            guard type == expected else { return mismatch(expression, location, expected: expected, found: type) }
            return op == "not" ? (.not(inner), .bool) : (.subtract(.constant(.int(0)), inner), .int)
        case .binary(let op, let left, let right, let location):
            guard let (l, lt) = check(left, scope, anyTypes: &anyTypes), let (r, rt) = check(right, scope, anyTypes: &anyTypes) else { return nil }
            switch op {
            case "and", "or":
                guard lt == .bool else { return mismatch(left, left.location, expected: .bool, found: lt) }
                guard rt == .bool else { return mismatch(right, right.location, expected: .bool, found: rt) }
                return (op == "and" ? .and([l, r]) : .or([l, r]), .bool)
            case "+", "-":
                guard lt == .int else { return mismatch(left, left.location, expected: .int, found: lt) }
                guard rt == .int else { return mismatch(right, right.location, expected: .int, found: rt) }
                return (op == "+" ? .add(l, r) : .subtract(l, r), .int)
            default:
                let comparison = CompareOperator(rawValue: op) ?? .eq
                guard lt == rt else {
                    report(.typeMismatch, at: location, "cannot compare \(lt) with \(rt)", text: expression.description,
                           hint: "both sides of \(op) must have the same type")
                    return nil
                }
                if comparison != .eq, comparison != .ne, lt != .int {
                    report(.typeMismatch, at: location, "\(op) needs int operands, found \(lt)", text: expression.description,
                           hint: "sorts, strings and bools support only == and !=")
                    return nil
                }
                return (.compare(comparison, l, r), .bool)
            }
        case .member(let element, let collection, let negated, let location):
            guard let (value, type) = check(element, scope, anyTypes: &anyTypes),
                  let state = collectionState(collection, scope) else { return nil }
            let elementType: ValueType
            switch state.type {
            case .set(let t): elementType = t
            case .map(let k, _): elementType = k
            case .scalar:
                report(.typeMismatch, at: collection.location, "'\(state.name)' is \(state.type), not a set or map",
                       text: expression.description, hint: "`in` tests membership in a set or a map's keys")
                return nil
            }
            guard elementType == type else {
                report(.typeMismatch, at: location, "\(type) cannot be a member of \(state.type)", text: expression.description,
                       hint: "the element must have type \(elementType)")
                return nil
            }
            let test = Expr.member(state.qualifiedName, value)
            return (negated ? .not(test) : test, .bool)
        case .range(let subject, let low, let high, let location):
            guard let (value, type) = check(subject, scope, anyTypes: &anyTypes) else { return nil }
            guard type == .int else { return mismatch(subject, location, expected: .int, found: type) }
            return (.and([.compare(.ge, value, .constant(.int(low))), .compare(.le, value, .constant(.int(high)))]), .bool)
        case .startsWith(let subject, let prefix, let location):
            guard let (value, type) = check(subject, scope, anyTypes: &anyTypes) else { return nil }
            guard type == .string else {
                report(.typeMismatch, at: location, "`starts with` needs a string, found \(type)", text: expression.description,
                       hint: "prefixes apply to string fields; sorts and ints compare with == and ranges")
                return nil
            }
            if prefix.isEmpty { return (.true, .bool) }
            if !prefixes.contains(prefix) { prefixes.append(prefix) }
            return (.hasPrefix(value, prefix), .bool)
        case .index(let map, let key, let location):
            guard let state = collectionState(map, scope), let (keyValue, keyType) = check(key, scope, anyTypes: &anyTypes) else { return nil }
            guard case .map(let k, let v) = state.type else {
                report(.typeMismatch, at: location, "'\(state.name)' is \(state.type), not a map", text: expression.description,
                       hint: "only maps can be indexed")
                return nil
            }
            guard k == keyType else { return mismatch(key, key.location, expected: k, found: keyType) }
            return (.lookup(state.qualifiedName, keyValue), v)
        }
    }

    mutating func mismatch(_ expression: ExprSyntax, _ location: SourceLocation, expected: ValueType, found: ValueType) -> (Expr, ValueType)? {
        report(.typeMismatch, at: location, "expected \(expected), found \(found)", text: expression.description,
               hint: "this position needs a value of type \(expected)")
        return nil
    }

    mutating func collectionState(_ expression: ExprSyntax, _ scope: ExpressionScope) -> StateVar? {
        guard case .path(let parts, _) = expression, parts.count == 1, let state = scope.states[parts[0]] else {
            report(.unknownName, at: expression.location, "'\(expression)' is not a state variable of this model",
                   text: expression.description, hint: "membership and indexing apply to the model's sets and maps; " +
                   suggestion(scope.states.keys))
            return nil
        }
        return state
    }

    mutating func resolvePath(_ parts: [String], _ location: SourceLocation, _ scope: ExpressionScope, text: String) -> (Expr, ValueType)? {
        if parts.count == 1, let bound = scope.bound[parts[0]] { return (.bound(bound.index), bound.type) }
        if parts.count == 1, let state = scope.states[parts[0]] {
            guard case .scalar(let type) = state.type else {
                report(.typeMismatch, at: location, "'\(state.name)' is \(state.type) and cannot be used as a value", text: text,
                       hint: "test membership with `x in \(state.name)` or read a map with `\(state.name)[key]`")
                return nil
            }
            return (.state(state.qualifiedName), type)
        }
        var fieldParts = parts[...]
        if let binder = scope.binder {
            guard parts[0] == binder else {
                report(.unknownName, at: location, "unknown name '\(parts[0])'", text: text,
                       hint: "fields are read through the received message (\(binder).field); state: " + suggestion(scope.states.keys))
                return nil
            }
            fieldParts = parts.dropFirst()
            if fieldParts.isEmpty {
                report(.typeMismatch, at: location, "'\(binder)' is a message, not a value", text: text,
                       hint: "name one of its fields: " + suggestion(scope.leaves.keys))
                return nil
            }
        }
        let path = fieldParts.joined(separator: ".")
        if let type = scope.leaves[path] { return (.field(path), type) }
        if scope.opaquePaths.contains(path) {
            report(.unknownField, at: location, "field '\(path)' is repeated or nested too deeply to be addressed", text: text,
                   hint: "predicates can read scalar fields up to \(TypeChecker.maxFieldNesting) levels deep")
            return nil
        }
        let nested = scope.leaves.keys.filter { $0.hasPrefix(path + ".") }
        if !nested.isEmpty {
            report(.typeMismatch, at: location, "field '\(path)' is a message, not a value", text: text,
                   hint: "name one of its fields: " + suggestion(nested))
            return nil
        }
        report(.unknownField, at: location, "unknown field '\(path)'", text: text, hint: suggestion(scope.leaves.keys))
        return nil
    }
}
