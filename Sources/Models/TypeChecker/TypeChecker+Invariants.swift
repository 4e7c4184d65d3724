/// Checking of invariants (events, bound variables) and whole-spec usage checks.
extension TypeChecker {
    mutating func checkInvariants() {
        var names: Set<String> = []
        for invariant in syntax.invariants {
            if !names.insert(invariant.name).inserted {
                report(.duplicateName, at: invariant.location, "invariant '\(invariant.name)' is already declared",
                       text: invariant.name, hint: "invariant names must be unique")
            }
            var bound: [String: (index: Int, type: ValueType)] = [:]
            var types: [ValueType] = []
            for binder in invariant.binders {
                guard let type = valueType(binder.type) else { continue }
                bound[binder.name] = (types.count, type)
                types.append(type)
            }
            let traceIndex = types.count
            var never = invariant.never.compactMap { checkEvent($0, bound: bound) }
            var earlier = invariant.unlessEarlier.compactMap { checkEvent($0, bound: bound) }
            var names = invariant.binders.map(\.name)
            if invariant.perRequest {
                // One more bound variable, the trace id, equated to every event's trace.
                types.append(LeafField.trace.type)
                names.append("request")
                for i in never.indices { never[i].bind(traceIndex, to: LeafField.trace.path) }
                for i in earlier.indices { earlier[i].bind(traceIndex, to: LeafField.trace.path) }
            }
            guard never.count == invariant.never.count, earlier.count == invariant.unlessEarlier.count,
                  types.count == invariant.binders.count + (invariant.perRequest ? 1 : 0) else { continue }
            var bindingsOK = true
            for binder in invariant.binders {
                let index = bound[binder.name]!.index
                for (event, syntax) in zip(never + earlier, invariant.never + invariant.unlessEarlier) where event.bindings[index] == nil {
                    report(.badBinding, at: syntax.location, "event does not bind '\(binder.name)' to a field",
                           text: "\(syntax.isSend ? "send" : "recv") \(syntax.message)",
                           hint: "add a conjunct `FIELD == \(binder.name)` to its where clause")
                    bindingsOK = false
                }
            }
            if bindingsOK {
                invariants.append(Invariant(name: invariant.name, boundTypes: types, boundNames: names,
                                            never: never, unlessEarlier: earlier, location: invariant.location))
            }
        }
    }

    mutating func checkEvent(_ event: EventSyntax, bound: [String: (index: Int, type: ValueType)]) -> EventPattern? {
        guard let (service, method) = resolve(event.message) else { return nil }
        let kind: MessageKind = event.isReply ? .response : .request
        guard checkPlace(event.at, at: event.atLocation, isSend: event.isSend, kind: kind, of: service, method) else { return nil }
        let leaves = method.leaves(kind)
        let scope = ExpressionScope(binder: nil, leaves: Dictionary(leaves.map { ($0.path, $0.type) }) { a, _ in a },
                                    opaquePaths: method.opaquePaths, states: [:], bound: bound, allowsAny: false)
        var anyTypes: [ValueType] = []
        var condition = Expr.true
        if let syntax = event.condition, let (checked, type) = check(syntax, scope, anyTypes: &anyTypes) {
            guard type == .bool else { _ = mismatch(syntax, syntax.location, expected: .bool, found: type); return nil }
            condition = checked
        } else if event.condition != nil {
            return nil
        }
        var bindings: [Int: String] = [:]
        for conjunct in condition.conjuncts {
            if case .compare(.eq, let a, let b) = conjunct {
                if case .field(let path) = a, case .bound(let index) = b { bindings[index] = bindings[index] ?? path }
                if case .bound(let index) = a, case .field(let path) = b { bindings[index] = bindings[index] ?? path }
            }
        }
        return EventPattern(isSend: event.isSend, message: MessageID(service: service.name, method: method.name, kind: kind),
                            at: event.at, condition: condition, bindings: bindings, location: event.location)
    }

    /// Whether service `at` can be where `service.method`'s `kind` is sent (`isSend`) or received:
    /// a declared service, and the serving service itself for requests received and replies
    /// sent. Reports why not.
    mutating func checkPlace(_ at: String, at location: SourceLocation, isSend: Bool, kind: MessageKind,
                             of service: ServiceInfo, _ method: MethodInfo) -> Bool {
        guard services.contains(where: { $0.name == at }) else {
            report(.unknownService, at: location, "unknown service '\(at)'", text: at, hint: suggestion(services.map(\.name)))
            return false
        }
        let servedHere = (isSend && kind == .response) || (!isSend && kind == .request)
        if servedHere, at != service.name {
            report(.wrongService, at: location,
                   "\(isSend ? "replies to" : "requests to") \(service.name).\(method.name) happen at \(service.name), not \(at)",
                   text: at, hint: "write `at \(service.name)`")
            return false
        }
        return true
    }

    /// Unused state and unreachable rules, once all rules are known.
    mutating func checkUsage() {
        var read: Set<String> = []
        for rule in rules {
            read.formUnion(rule.globalCondition.stateReads)
            read.formUnion(rule.localCondition.stateReads)
            for action in rule.actions {
                switch action {
                case .send(_, let fields), .reply(_, let fields): fields.values.forEach { read.formUnion($0.stateReads) }
                case .setAdd(_, let e), .setRemove(_, let e), .mapRemove(_, let e): read.formUnion(e.stateReads)
                case .mapPut(_, let k, let v): read.formUnion(k.stateReads); read.formUnion(v.stateReads)
                case .assign(let target, let e):
                    read.formUnion(e.stateReads.subtracting([target]))
                }
            }
        }
        for state in states where !read.contains(state.qualifiedName) {
            report(.unusedState, at: state.location, "state '\(state.name)' of \(state.service) is never read", text: state.name,
                   hint: "read it in a condition or a sent value, or remove it (it cannot affect any message)")
        }
        let partial = CheckedSpec(app: syntax.app, file: syntax.file, services: services, states: states, rules: rules,
                                  invariants: [], literals: [])
        for rule in rules {
            let reachable: Bool
            if rule.trigger.kind == .request {
                reachable = !partial.senders(of: rule.trigger).isEmpty
            } else {
                reachable = partial.callers(of: rule.trigger).contains(rule.service)
            }
            if !reachable {
                let why = rule.trigger.kind == .request
                    ? "no rule sends \(rule.trigger.service).\(rule.trigger.method) and the service is not external"
                    : "\(rule.service) never calls \(rule.trigger.service).\(rule.trigger.method)"
                report(.unreachableRule, at: rule.location, "rule '\(rule.name)' can never fire: \(why)", text: rule.name,
                       hint: rule.trigger.kind == .request ? "mark the service `external` or add a rule that sends this request"
                                                           : "send the request in some rule of \(rule.service), or remove this rule")
            }
        }
    }
}
