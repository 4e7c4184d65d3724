/// Slicing (cf. VMN's slices, thesis ch. 4): the part of an application that can influence one
/// invariant's events.
extension CheckedSpec {
    /// The spec restricted to `invariant` and the rules and state that can influence its
    /// events: rules that send a relevant message or write relevant state are relevant; the
    /// messages that trigger them and the state they read become relevant in turn (fixpoint).
    /// Dropping the other rules does not change which sequences of relevant events can happen,
    /// so a verdict on the slice is the verdict on the whole spec.
    public func slice(for invariant: Invariant) -> CheckedSpec {
        var messages = Set((invariant.never + invariant.unlessEarlier).map(\.message))
        // A response's sender must have received the request.
        for id in messages where id.kind == .response { messages.insert(MessageID(service: id.service, method: id.method, kind: .request)) }
        var states: Set<String> = []
        var kept = Set<Int>()
        var changed = true
        while changed {
            changed = false
            for (index, rule) in rules.enumerated() where !kept.contains(index) {
                let sendsRelevant = rule.actions.contains { $0.sentMessage.map { messages.contains($0.0) } ?? false }
                let writesRelevant = rule.actions.contains { action in
                    switch action {
                    case .setAdd(let s, _), .setRemove(let s, _), .mapPut(let s, _, _), .mapRemove(let s, _), .assign(let s, _):
                        return states.contains(s)
                    case .send, .reply: return false
                    }
                }
                guard sendsRelevant || writesRelevant else { continue }
                kept.insert(index)
                changed = true
                messages.insert(rule.trigger)
                if rule.trigger.kind == .response {
                    messages.insert(MessageID(service: rule.trigger.service, method: rule.trigger.method, kind: .request))
                }
                states.formUnion(rule.globalCondition.stateReads.union(rule.localCondition.stateReads))
                for action in rule.actions {
                    switch action {
                    case .send(_, let fields), .reply(_, let fields): fields.values.forEach { states.formUnion($0.stateReads) }
                    case .setAdd(_, let e), .setRemove(_, let e), .mapRemove(_, let e), .assign(_, let e): states.formUnion(e.stateReads)
                    case .mapPut(_, let k, let v): states.formUnion(k.stateReads.union(v.stateReads))
                    }
                }
            }
        }
        // Kept rules may also write state nothing relevant reads; keep it so they stay well-formed.
        for index in kept {
            for action in rules[index].actions {
                switch action {
                case .setAdd(let s, _), .setRemove(let s, _), .mapPut(let s, _, _), .mapRemove(let s, _), .assign(let s, _):
                    states.insert(s)
                case .send, .reply: break
                }
            }
        }
        var sliced = self
        sliced.rules = rules.indices.filter(kept.contains).map { rules[$0] }
        sliced.states = self.states.filter { states.contains($0.qualifiedName) }
        sliced.invariants = [invariant]
        return sliced
    }
}
