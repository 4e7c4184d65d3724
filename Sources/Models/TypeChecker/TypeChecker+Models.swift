/// Checking of `model` blocks: state declarations, rule triggers, conditions and effects.
extension TypeChecker {
    mutating func checkModels() {
        var modelled: Set<String> = []
        for model in syntax.models {
            guard let service = services.first(where: { $0.name == model.service }) else {
                report(.unknownService, at: model.location, "model for unknown service '\(model.service)'", text: model.service,
                       hint: suggestion(services.map(\.name)))
                continue
            }
            guard modelled.insert(model.service).inserted else {
                report(.duplicateName, at: model.location, "service '\(model.service)' already has a model", text: model.service,
                       hint: "put all rules of a service in one model")
                continue
            }
            var visible: [String: StateVar] = [:]
            for declaration in model.states {
                guard visible[declaration.name] == nil else {
                    report(.duplicateName, at: declaration.location, "state '\(declaration.name)' is already declared",
                           text: declaration.name, hint: "choose another name")
                    continue
                }
                guard let type = stateType(declaration.type) else { continue }
                let state = StateVar(service: service.name, name: declaration.name, type: type, location: declaration.location)
                visible[declaration.name] = state
                states.append(state)
            }
            var ruleNames: Set<String> = []
            for rule in model.rules {
                if !ruleNames.insert(rule.name).inserted {
                    report(.duplicateName, at: rule.location, "rule '\(rule.name)' is already declared", text: rule.name,
                           hint: "rule names must be unique within a model")
                }
                if let checked = checkRule(rule, service: service, states: visible) { rules.append(checked) }
            }
        }
    }

    mutating func checkRule(_ rule: RuleSyntax, service: ServiceInfo, states visible: [String: StateVar]) -> Rule? {
        guard let (target, method) = resolve(rule.trigger) else { return nil }
        if !rule.isReplyTrigger, target.name != service.name {
            report(.wrongService, at: rule.trigger.location,
                   "model '\(service.name)' cannot receive requests to '\(target.name)'", text: rule.trigger.description,
                   hint: "receive \(service.name).METHOD, or `recv reply \(rule.trigger)` for the answer to a call")
            return nil
        }
        let trigger = MessageID(service: target.name, method: method.name, kind: rule.isReplyTrigger ? .response : .request)
        let leaves = method.leaves(trigger.kind)
        var scope = ExpressionScope(binder: rule.binder, leaves: Dictionary(leaves.map { ($0.path, $0.type) }) { a, _ in a },
                                    opaquePaths: method.opaquePaths, states: visible, bound: [:], allowsAny: false)
        var anyTypes: [ValueType] = []
        var condition = Expr.true
        if let syntax = rule.condition, let (checked, type) = check(syntax, scope, anyTypes: &anyTypes) {
            if type == .bool { condition = checked } else { _ = mismatch(syntax, syntax.location, expected: .bool, found: type) }
        }
        scope.allowsAny = true
        var actions: [Action] = []
        for action in rule.actions {
            if let checked = checkAction(action, trigger: trigger, scope: scope, anyTypes: &anyTypes) { actions.append(checked) }
        }
        let parts = condition.conjuncts
        return Rule(service: service.name, name: rule.name, trigger: trigger,
                    globalCondition: .conjunction(parts.filter { !$0.readsState }),
                    localCondition: .conjunction(parts.filter(\.readsState)),
                    actions: actions, anyTypes: anyTypes, location: rule.location)
    }

    mutating func checkArguments(_ arguments: [ArgumentSyntax], into leaves: [LeafField], excluding excluded: String?,
                                 scope: ExpressionScope, anyTypes: inout [ValueType]) -> [String: Expr]? {
        let types = Dictionary(leaves.map { ($0.path, $0.type) }) { a, _ in a }
        var result: [String: Expr] = [:]
        var failed = false
        for argument in arguments {
            let path = argument.path.joined(separator: ".")
            guard let type = types[path], excluded.map({ !path.hasPrefix($0) }) ?? true else {
                report(.unknownField, at: argument.location, "the message has no field '\(path)'", text: path,
                       hint: suggestion(leaves.map(\.path).filter { path in excluded.map { !path.hasPrefix($0) } ?? true }))
                failed = true
                continue
            }
            if result[path] != nil {
                report(.duplicateName, at: argument.location, "field '\(path)' is given twice", text: path, hint: "give each field once")
                failed = true
                continue
            }
            guard let (value, valueType) = check(argument.value, scope, anyTypes: &anyTypes) else { failed = true; continue }
            guard valueType == type else {
                _ = mismatch(argument.value, argument.value.location, expected: type, found: valueType)
                failed = true
                continue
            }
            result[path] = value
        }
        return failed ? nil : result
    }

    mutating func checkAction(_ action: ActionSyntax, trigger: MessageID, scope: ExpressionScope, anyTypes: inout [ValueType]) -> Action? {
        switch action {
        case .send(let reference, let arguments, _):
            guard let (target, method) = resolve(reference) else { return nil }
            guard let fields = checkArguments(arguments, into: method.requestLeaves, excluding: nil, scope: scope, anyTypes: &anyTypes) else { return nil }
            return .send(MessageID(service: target.name, method: method.name, kind: .request), fields)
        case .reply(let arguments, let location):
            guard trigger.kind == .request else {
                report(.badReply, at: location, "a rule triggered by a response has no caller to reply to", text: "reply(...)",
                       hint: "reply in the rule that receives the request")
                return nil
            }
            let leaves = services.first { $0.name == trigger.service }?.methods[trigger.method]?.responseLeaves ?? []
            guard let fields = checkArguments(arguments, into: leaves, excluding: "request.", scope: scope, anyTypes: &anyTypes) else { return nil }
            return .reply(MessageID(service: trigger.service, method: trigger.method, kind: .response), fields)
        case .collection(let target, let operation, let argument, let location):
            guard let state = scope.states[target] else { return unknownState(target, location, scope) }
            guard let (value, type) = check(argument, scope, anyTypes: &anyTypes) else { return nil }
            switch (state.type, operation) {
            case (.set(let element), "add"), (.set(let element), "remove"):
                guard element == type else { _ = mismatch(argument, argument.location, expected: element, found: type); return nil }
                return operation == "add" ? .setAdd(state.qualifiedName, value) : .setRemove(state.qualifiedName, value)
            case (.map(let key, _), "remove"):
                guard key == type else { _ = mismatch(argument, argument.location, expected: key, found: type); return nil }
                return .mapRemove(state.qualifiedName, value)
            default:
                report(.badAssignment, at: location, "\(state.type) '\(target)' has no operation '\(operation)'",
                       text: "\(target).\(operation)(\(argument))", hint: "sets support add and remove, maps remove and m[k] = v")
                return nil
            }
        case .put(let target, let key, let value, let location):
            guard let state = scope.states[target] else { return unknownState(target, location, scope) }
            guard case .map(let keyType, let valueType) = state.type else {
                report(.badAssignment, at: location, "'\(target)' is \(state.type), not a map", text: "\(target)[\(key)] = \(value)",
                       hint: "only maps take m[k] = v")
                return nil
            }
            guard let (k, kt) = check(key, scope, anyTypes: &anyTypes), let (v, vt) = check(value, scope, anyTypes: &anyTypes) else { return nil }
            guard kt == keyType else { _ = mismatch(key, key.location, expected: keyType, found: kt); return nil }
            guard vt == valueType else { _ = mismatch(value, value.location, expected: valueType, found: vt); return nil }
            return .mapPut(state.qualifiedName, k, v)
        case .assign(let target, let operation, let value, let location):
            guard let state = scope.states[target] else { return unknownState(target, location, scope) }
            guard case .scalar(let type) = state.type else {
                report(.badAssignment, at: location, "cannot assign to \(state.type) '\(target)'", text: "\(target) \(operation) \(value)",
                       hint: "update sets with add/remove and maps with m[k] = v")
                return nil
            }
            guard let (v, vt) = check(value, scope, anyTypes: &anyTypes) else { return nil }
            guard vt == type else { _ = mismatch(value, value.location, expected: type, found: vt); return nil }
            switch operation {
            case "=": return .assign(state.qualifiedName, v)
            default:
                guard type == .int else {
                    report(.badAssignment, at: location, "\(operation) needs an int state, '\(target)' is \(type)",
                           text: "\(target) \(operation) \(value)", hint: "use = for non-counters")
                    return nil
                }
                let current = Expr.state(state.qualifiedName)
                return .assign(state.qualifiedName, operation == "+=" ? .add(current, v) : .subtract(current, v))
            }
        }
    }

    mutating func unknownState(_ name: String, _ location: SourceLocation, _ scope: ExpressionScope) -> Action? {
        report(.unknownName, at: location, "unknown state '\(name)'", text: name,
               hint: "declare it with `state \(name): TYPE` in this model; " + suggestion(scope.states.keys))
        return nil
    }
}
