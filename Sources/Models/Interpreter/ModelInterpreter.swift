/// Executes the models concretely with the same semantics the verifier encodes (see
/// TransitionSystem): used to replay counterexamples and by the explicit-state explorer.
public struct ModelInterpreter: Sendable {
    public let spec: CheckedSpec
    public let layout: MessageLayout
    public let invariant: Invariant
    let boolMaps: Set<String>
    let strings: StringPrefixInterpretation

    /// An interpreter of the slice of `spec` that `Verifier` verifies `invariant` on.
    public init(slicing spec: CheckedSpec, for invariant: Invariant) {
        let slice = spec.slice(for: invariant)
        self.init(spec: slice, layout: MessageLayout(slice), invariant: invariant)
    }

    public init(spec: CheckedSpec, layout: MessageLayout, invariant: Invariant) {
        self.spec = spec
        self.layout = layout
        self.invariant = invariant
        self.strings = spec.strings
        self.boolMaps = Set(spec.states.filter { if case .map(_, .bool) = $0.type { return true } else { return false } }.map(\.qualifiedName))
    }

    public func initialState() -> ModelState {
        var state = ModelState()
        for variable in spec.states {
            switch variable.type {
            case .scalar(let type): state.scalars[variable.qualifiedName] = type == .bool ? .bool(false) : .int(0)
            case .set: state.sets[variable.qualifiedName] = []
            case .map: state.maps[variable.qualifiedName] = [:]
            }
        }
        return state
    }

    /// Fires transition `index` on a message with the given leaf values. `unspecified(k, path)`
    /// chooses the value of a leaf the k-th sent message leaves open. Returns nil if the step
    /// is not enabled; otherwise the messages sent and whether the invariant was violated.
    public func fire(_ index: Int, fields: [String: Value], anyValues: [Value],
                     unspecified: (Int, String) -> Value, state: inout ModelState) -> (sent: [Counterexample.Sent], violated: Bool)? {
        let transition = layout.transitions[index]
        if let channel = transition.channel {
            let key = layout.storedLeaves(transition.message).map { fields[$0.path]! }
            guard state.network[channel]?.contains(key) == true else { return nil }
        }
        let pre = state
        func evaluate(_ e: Expr) -> Value {
            ConcreteEvaluator(fields: fields, bound: [], anyValues: anyValues, state: pre, boolMaps: boolMaps, strings: strings).evaluate(e)
        }
        var sent: [Counterexample.Sent] = []
        if let ruleIndex = transition.rule {
            let rule = spec.rules[ruleIndex]
            guard evaluate(rule.globalCondition).boolValue, evaluate(rule.localCondition).boolValue else { return nil }
            for action in rule.actions {
                switch action {
                case .send(let id, let given), .reply(let id, let given):
                    var values: [String: Value] = [:]
                    for leaf in layout.leaves(id) {
                        if let e = given[leaf.path] { values[leaf.path] = evaluate(e) }
                        else if leaf == LeafField.trace, let trace = fields[leaf.path] { values[leaf.path] = trace }
                        else if id.kind == .response, leaf.path.hasPrefix("request."), let v = fields[String(leaf.path.dropFirst(8))] { values[leaf.path] = v }
                        else { values[leaf.path] = unspecified(sent.count, leaf.path) }
                    }
                    let caller = id.kind == .request ? transition.receiver : transition.sender
                    if caller != CheckedSpec.externalClient {
                        state.network[Channel(caller: caller, message: id), default: []].insert(layout.storedLeaves(id).map { values[$0.path]! })
                    }
                    sent.append(Counterexample.Sent(to: id.kind == .request ? id.service : transition.sender, message: id, fields: values))
                case .setAdd(let name, let e): state.sets[name, default: []].insert(evaluate(e))
                case .setRemove(let name, let e): state.sets[name, default: []].remove(evaluate(e))
                case .mapPut(let name, let k, let v): state.maps[name, default: [:]][evaluate(k)] = evaluate(v)
                case .mapRemove(let name, let k): state.maps[name, default: [:]][evaluate(k)] = nil
                case .assign(let name, let e): state.scalars[name] = evaluate(e)
                }
            }
        }
        var violated = false
        let events = [ObservedEvent(isSend: false, message: transition.message, at: transition.receiver, fields: fields,
                                    viaChannel: transition.channel != nil)]
            + sent.map { ObservedEvent(isSend: true, message: $0.message, at: transition.receiver, fields: $0.fields, viaChannel: false,
                                       destination: $0.to) }
        for event in events {
            for pattern in invariant.never where event.triggers(pattern, sequence: invariant.isSequence) {
                let (matches, key) = match(pattern, event.fields)
                if matches && !(invariant.isSequence && state.monitor.contains(key)) { violated = true }
            }
            for pattern in invariant.unlessEarlier where event.matches(pattern) {
                let (matches, key) = match(pattern, event.fields)
                if matches { state.monitor.insert(key) }
            }
        }
        return (sent, violated)
    }

    private func match(_ pattern: EventPattern, _ values: [String: Value]) -> (Bool, [Value]) {
        let key = invariant.boundTypes.indices.map { values[pattern.bindings[$0]!]! }
        let matches = ConcreteEvaluator(fields: values, bound: key, anyValues: [], state: ModelState(), strings: strings).evaluate(pattern.condition).boolValue
        return (matches, key)
    }

    /// Replays a counterexample from the initial state; succeeds only if every step is enabled,
    /// every computed sent value equals the recorded one, and the last step violates the invariant.
    public func replay(_ counterexample: Counterexample) throws(ReplayError) {
        var state = initialState()
        for (position, step) in counterexample.steps.enumerated() {
            guard let index = layout.transitions.indices.first(where: {
                let t = layout.transitions[$0]
                return t.sender == step.sender && t.receiver == step.receiver && t.message == step.message
                    && t.rule.map { spec.rules[$0].name } == step.rule
            }) else { throw .unknownTransition(step: step.number) }
            if let channel = layout.transitions[index].channel,
               state.network[channel]?.contains(layout.storedLeaves(step.message).map { step.fields[$0.path]! }) != true {
                throw .messageNeverSent(step: step.number)
            }
            guard let outcome = fire(index, fields: step.fields, anyValues: step.anyValues,
                                     unspecified: { step.sent[$0].fields[$1]! }, state: &state) else {
                throw .conditionFalse(step: step.number)
            }
            for (computed, recorded) in zip(outcome.sent, step.sent) {
                for (path, value) in computed.fields where recorded.fields[path] != value {
                    throw .sentValueDiffers(step: step.number, path: path)
                }
            }
            if position == counterexample.steps.count - 1, !outcome.violated { throw .noViolation }
        }
    }
}
