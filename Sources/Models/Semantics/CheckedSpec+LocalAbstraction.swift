/// Rely-guarantee decomposition (thesis 6.2): try to prove an invariant from the models of the
/// few services it is about, relying on nothing about the rest of the application.
extension CheckedSpec {
    /// The invariant's slice reduced to the services where its events happen (plus, for plain
    /// `never recv` events, the services sending those messages), each made `external` so it may
    /// receive any request with any field values. Every execution of the slice is, projected on
    /// these services, an execution of the abstraction, so a proof on it is a proof on the
    /// application (a violation may be spurious: then the verifier falls back to the slice).
    /// Nil when a kept service handles replies of a service that is not kept (their values would
    /// have to be tied to the requests it sent), or when nothing would be dropped.
    public func localAbstraction(for invariant: Invariant) -> CheckedSpec? {
        let slice = self.slice(for: invariant)
        var kept = Set((invariant.never + invariant.unlessEarlier).map(\.at))
        if !invariant.isSequence {
            for event in invariant.never where !event.isSend && event.message.kind == .request {
                kept.formUnion(slice.callers(of: event.message))
            }
        }
        let rules = slice.rules.filter { kept.contains($0.service) }
        guard rules.count < slice.rules.count else { return nil }
        guard !rules.contains(where: { $0.trigger.kind == .response && !kept.contains($0.trigger.service) }) else { return nil }
        var abstraction = slice
        abstraction.rules = rules
        abstraction.states = slice.states.filter { kept.contains($0.service) }
        abstraction.services = slice.services.map { service in
            var service = service
            if kept.contains(service.name) { service.external = true }
            return service
        }
        return abstraction
    }
}
