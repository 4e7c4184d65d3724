import CZ3

/// The models of a spec and one invariant as a transition system over Z3 terms.
///
/// State: every service state variable (sets as arrays to Bool, maps as a key-set array plus a
/// value array, counters as Int), the network (per channel, the set of messages ever sent,
/// projected on the relevant leaves), and a monitor (the set of bound-variable tuples for which
/// an `unless earlier` event happened). A step is one service receiving one message it may
/// receive — any message ever sent on the channel, in any order and any number of times, or any
/// request from an external client — and firing one rule atomically. Strings and sort elements
/// are Int, so the whole system lives in linear integer arithmetic with arrays.
///
/// In stateless mode every service state variable is replaced by an arbitrary value at each
/// step: what the switch, which cannot see local state, allows.
final class TransitionSystem {
    let z3: Z3Context
    let spec: CheckedSpec
    let layout: MessageLayout
    let invariant: Invariant
    let stateless: Bool
    private(set) var slots: [StateSlot] = []
    private var stateIndex: [String: Int] = [:]
    private var channelIndex: [Channel: Int] = [:]
    private var monitorIndex: Int?

    init(_ z3: Z3Context, spec: CheckedSpec, layout: MessageLayout, invariant: Invariant, stateless: Bool) {
        self.z3 = z3
        self.spec = spec
        self.layout = layout
        self.invariant = invariant
        self.stateless = stateless
        for state in spec.states {
            stateIndex[state.qualifiedName] = slots.count
            switch state.type {
            case .scalar(let type):
                slots.append(StateSlot(name: state.qualifiedName, sort: z3.sort(type), initial: z3.value(.int(0), type), isServiceState: true))
            case .set(let element):
                slots.append(StateSlot(name: state.qualifiedName, sort: z3.arraySort([z3.sort(element)], z3.boolSort),
                                       initial: z3.constantArray([z3.sort(element)], z3.bool(false)), isServiceState: true))
            case .map(let key, let value):
                slots.append(StateSlot(name: state.qualifiedName + ".keys", sort: z3.arraySort([z3.sort(key)], z3.boolSort),
                                       initial: z3.constantArray([z3.sort(key)], z3.bool(false)), isServiceState: true))
                slots.append(StateSlot(name: state.qualifiedName + ".values", sort: z3.arraySort([z3.sort(key)], z3.sort(value)),
                                       initial: z3.constantArray([z3.sort(key)], z3.value(.int(0), value)), isServiceState: true))
            }
        }
        for channel in layout.channels {
            channelIndex[channel] = slots.count
            let domain = layout.storedLeaves(channel.message).map { z3.sort($0.type) }
            slots.append(StateSlot(name: "net.\(channel.caller).\(channel.message)", sort: z3.arraySort(domain, z3.boolSort),
                                   initial: z3.constantArray(domain, z3.bool(false)), isServiceState: false))
        }
        if invariant.isSequence {
            monitorIndex = slots.count
            let domain = invariant.boundTypes.map { z3.sort($0) }
            slots.append(StateSlot(name: "monitor.\(invariant.name)", sort: z3.arraySort(domain, z3.boolSort),
                                   initial: z3.constantArray(domain, z3.bool(false)), isServiceState: false))
        }
    }

    var sorts: [Z3_sort] { slots.map(\.sort) }
    var initialState: [Z3_ast] { slots.map(\.initial) }

    func stateConstants(_ prefix: String) -> [Z3_ast] {
        slots.enumerated().map { z3.constant("\(prefix)\($0.offset)_\($0.element.name)", $0.element.sort) }
    }

    /// Encodes transition `index` from `pre`; fresh inputs are named with `prefix`.
    func step(_ index: Int, pre original: [Z3_ast], prefix: String) -> EncodedStep {
        let transition = layout.transitions[index]
        var inputs: [Z3_ast] = []
        func input(_ name: String, _ type: ValueType) -> Z3_ast {
            let term = z3.constant(prefix + name, z3.sort(type))
            inputs.append(term)
            return term
        }
        var pre = original
        if stateless {
            for (i, slot) in slots.enumerated() where slot.isServiceState {
                pre[i] = z3.constant("\(prefix)havoc_\(slot.name)", slot.sort)
                inputs.append(pre[i])
            }
        }
        let triggerFields = layout.leaves(transition.message).map { ($0, input("in." + $0.path, $0.type)) }
        let triggerValues = Dictionary(triggerFields.map { ($0.0.path, $0.1) }) { a, _ in a }
        var guardParts: [Z3_ast] = []
        if let channel = transition.channel, let slot = channelIndex[channel] {
            guardParts.append(z3.select(pre[slot], layout.storedLeaves(transition.message).map { triggerValues[$0.path]! }))
        }
        var post = pre
        var anyValues: [Z3_ast] = []
        var sent: [(to: String, message: MessageID, fields: [(LeafField, Z3_ast)])] = []
        if let ruleIndex = transition.rule {
            let rule = spec.rules[ruleIndex]
            anyValues = rule.anyTypes.enumerated().map { input("any\($0.offset)", $0.element) }
            let context = SymbolicContext(z3: z3, fields: triggerValues, bound: [], anyValues: anyValues, state: pre, stateIndex: stateIndex,
                                          strings: spec.strings)
            guardParts.append(context.evaluate(rule.globalCondition))
            guardParts.append(context.evaluate(rule.localCondition))
            for (actionIndex, action) in rule.actions.enumerated() {
                apply(action, actionIndex, context: context, transition: transition, triggerValues: triggerValues,
                      input: input, post: &post, sent: &sent)
            }
        }

        // Events in order: the reception, then each message sent.
        var events: [ObservedEvent<Z3_ast>] = [
            ObservedEvent(isSend: false, message: transition.message, at: transition.receiver, fields: triggerValues,
                          viaChannel: transition.channel != nil)]
        for message in sent {
            events.append(ObservedEvent(isSend: true, message: message.message, at: transition.receiver,
                                        fields: Dictionary(message.fields.map { ($0.0.path, $0.1) }) { a, _ in a }, viaChannel: false,
                                        destination: message.to))
        }
        var monitor = monitorIndex.map { pre[$0] }
        var violations: [Z3_ast] = []
        for event in events {
            for pattern in invariant.never where event.triggers(pattern, sequence: invariant.isSequence) {
                let (matches, key) = match(pattern, event.fields)
                if let monitor { violations.append(z3.and([matches, z3.not(z3.select(monitor, key))])) }
                else { violations.append(matches) }
            }
            for pattern in invariant.unlessEarlier where event.matches(pattern) {
                let (matches, key) = match(pattern, event.fields)
                if let current = monitor { monitor = z3.ite(matches, z3.store(current, key, z3.bool(true)), current) }
            }
        }
        if let monitorIndex, let monitor { post[monitorIndex] = monitor }
        return EncodedStep(guardCondition: z3.and(guardParts), post: post, violation: z3.or(violations), inputs: inputs,
                           triggerFields: triggerFields, anyValues: anyValues, sent: sent)
    }

    private func apply(_ action: Action, _ actionIndex: Int, context: SymbolicContext, transition: Transition,
                       triggerValues: [String: Z3_ast], input: (String, ValueType) -> Z3_ast, post: inout [Z3_ast],
                       sent: inout [(to: String, message: MessageID, fields: [(LeafField, Z3_ast)])]) {
        switch action {
        case .send(let id, let given), .reply(let id, let given):
            let fields = layout.leaves(id).map { leaf -> (LeafField, Z3_ast) in
                if let expression = given[leaf.path] { return (leaf, context.evaluate(expression)) }
                if leaf == LeafField.trace, let trace = triggerValues[leaf.path] { return (leaf, trace) }
                if id.kind == .response, leaf.path.hasPrefix("request."), let value = triggerValues[String(leaf.path.dropFirst(8))] {
                    return (leaf, value)
                }
                return (leaf, input("send\(actionIndex).\(leaf.path)", leaf.type))
            }
            let caller = id.kind == .request ? transition.receiver : transition.sender
            if let slot = channelIndex[Channel(caller: caller, message: id)] {
                let values = Dictionary(fields.map { ($0.0.path, $0.1) }) { a, _ in a }
                post[slot] = z3.store(post[slot], layout.storedLeaves(id).map { values[$0.path]! }, z3.bool(true))
            }
            sent.append((id.kind == .request ? id.service : transition.sender, id, fields))
        case .setAdd(let name, let e):
            let i = stateIndex[name]!
            post[i] = z3.store(post[i], [context.evaluate(e)], z3.bool(true))
        case .setRemove(let name, let e):
            let i = stateIndex[name]!
            post[i] = z3.store(post[i], [context.evaluate(e)], z3.bool(false))
        case .mapPut(let name, let k, let v):
            let i = stateIndex[name]!
            let key = context.evaluate(k)
            post[i] = z3.store(post[i], [key], z3.bool(true))
            post[i + 1] = z3.store(post[i + 1], [key], context.evaluate(v))
        case .mapRemove(let name, let k):
            let i = stateIndex[name]!
            post[i] = z3.store(post[i], [context.evaluate(k)], z3.bool(false))
        case .assign(let name, let e):
            post[stateIndex[name]!] = context.evaluate(e)
        }
    }

    /// Whether an event with these leaf values matches a pattern, and the bound-variable tuple.
    private func match(_ pattern: EventPattern, _ fields: [String: Z3_ast]) -> (Z3_ast, [Z3_ast]) {
        let key = invariant.boundTypes.indices.map { fields[pattern.bindings[$0]!]! }
        let context = SymbolicContext(z3: z3, fields: fields, bound: key, anyValues: [], state: [], stateIndex: [:], strings: spec.strings)
        return (context.evaluate(pattern.condition), key)
    }
}
