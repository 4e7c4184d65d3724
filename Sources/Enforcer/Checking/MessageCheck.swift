import Models
import RPCDecode

/// The checks of one message between two parties of an application: the receiver may receive
/// it, the sender may send it, no restriction forbids it, and no monitor's forbidden event fires
/// without its recorded precondition. Parties are service positions in the policy's
/// `serviceNames` (the last is `client`, callers outside the application).
struct MessageCheck {
    /// What checking found; `records` are applied only if the message passes.
    struct Outcome {
        var violations: [Violation] = []
        var records: [(MonitorStore, [CheckValue])] = []
    }

    let policy: ApplicationPolicy
    let checks: MessageChecks
    let sender: Int
    let receiver: Int
    let senderIsService: Bool
    let receiverIsService: Bool
    /// An error reply (HTTP ≥ 400, gRPC or Thrift error status): refusing is always allowed, so
    /// it is not held to the sender's `sends` entries.
    let isErrorReply: Bool

    func run(_ fields: [CheckValue?], now: UInt64) -> Outcome {
        if checks.unrestricted,
           !receiverIsService || checks.unconditionalReceive[receiver] & (1 << UInt64(sender)) != 0,
           !senderIsService || isErrorReply || checks.unconditionalSend[sender] & (1 << UInt64(receiver)) != 0 {
            return Outcome()
        }
        var outcome = Outcome()
        let id = checks.id
        for r in checks.restrictions where r.at == (r.direction == .recv ? receiver : sender) && r.when.holds(fields) {
            outcome.violations.append(Violation(.restriction, invariant: r.invariant,
                                                "invariant \(r.invariant): \(r.direction == .recv ? "recv" : "send") \(id) at \(policy.serviceNames[r.at]) is never allowed"))
        }
        for e in checks.monitorEvents where e.at == (e.direction == .recv ? receiver : sender) {
            var tuple: [CheckValue] = []
            for slot in e.bind {
                guard let value = fields[slot] else { break }
                tuple.append(value)
            }
            guard tuple.count == e.bind.count, e.when.holds(fields, tuple) else { continue }
            let store = policy.monitors[e.monitor]
            if e.forbids {
                if !store.contains(tuple, now: now) {
                    outcome.violations.append(Violation(.monitor, invariant: store.invariant,
                                                        "invariant \(store.invariant): \(e.direction == .recv ? "recv" : "send") \(id) at \(policy.serviceNames[e.at]) for \(tuple.map(\.description).joined(separator: ", ")) without the required earlier event"))
                }
            } else {
                outcome.records.append((store, tuple))
            }
        }
        if receiverIsService, let v = plausibility(checks.receives[receiver], peer: sender, required: id.kind == .request, fields,
                                                   kind: .implausibleReceive, "\(name(receiver)) may not receive \(id) from \(name(sender))") {
            outcome.violations.append(v)
        }
        if senderIsService, !isErrorReply, let v = plausibility(checks.sends[sender], peer: receiver, required: id.kind == .request, fields,
                                                                kind: .implausibleSend, "\(name(sender)) may not send \(id) to \(name(receiver))") {
            outcome.violations.append(v)
        }
        return outcome
    }

    /// An entry must exist when `required` (requests); when entries exist, one must name `peer`
    /// and have its predicate hold. Replies without entries answer calls the model made.
    private func name(_ position: Int) -> String { policy.serviceNames[position] }

    private func plausibility(_ entries: [MessageChecks.Plausible]?, peer: Int, required: Bool, _ fields: [CheckValue?],
                              kind: Violation.Kind, _ what: @autoclosure () -> String) -> Violation? {
        guard let entries, !entries.isEmpty else {
            return required ? Violation(kind, "\(what()): no rule of the model does") : nil
        }
        var peerKnown = false
        for entry in entries where entry.peers & (1 << UInt64(peer)) != 0 {
            if entry.when.holds(fields) { return nil }
            peerKnown = true
        }
        guard peerKnown else {
            let allowed = policy.serviceNames.indices.filter { i in entries.contains { $0.peers & (1 << UInt64(i)) != 0 } }.map(name)
            return Violation(kind, "\(what()): only from/to \(allowed.joined(separator: ", "))")
        }
        return Violation(kind, "\(what()): its fields satisfy no rule's condition")
    }
}
