import Models
import RPCDecode

/// The checks of one message between two parties of an application: the receiver may receive
/// it, the sender may send it, no restriction forbids it, and no monitor's forbidden event fires
/// without its recorded precondition. Parties are service positions in the policy's
/// `serviceNames` (the last is `client`, callers outside the application).
struct MessageCheck {
    /// What checking found; `records` are applied only if the message passes.
    struct Outcome {
        /// When monitors were consulted: the time they were read at and records are stamped with;
        /// nil when the message type has no monitor event (then no clock is read).
        var now: UInt64?
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

    /// What checking found; nil when the message passes with nothing to record (the fast path
    /// most messages take, which so builds and drops no outcome). The clock is read only for
    /// message types with monitor events: the rest of the check is stateless.
    func run(_ fields: [CheckValue?], clock: () -> UInt64) -> Outcome? {
        if checks.unrestricted,
           !receiverIsService || checks.receives.unconditional[receiver] & (1 << UInt64(sender)) != 0,
           !senderIsService || isErrorReply || checks.sends.unconditional[sender] & (1 << UInt64(receiver)) != 0 {
            return nil
        }
        var outcome = Outcome()
        if !checks.unrestricted {
            restrictions(fields, into: &outcome)
            if !checks.monitorEvents.isEmpty {
                let now = clock()
                outcome.now = now
                monitors(fields, now: now, into: &outcome)
            }
        }
        let required = checks.id.kind == .request
        if receiverIsService, let failure = plausibility(checks.receives, owner: receiver, peer: sender, required: required, fields) {
            outcome.violations.append(violation(failure, .implausibleReceive, "\(name(receiver)) may not receive \(checks.id) from \(name(sender))"))
        }
        if senderIsService, !isErrorReply, let failure = plausibility(checks.sends, owner: sender, peer: receiver, required: required, fields) {
            outcome.violations.append(violation(failure, .implausibleSend, "\(name(sender)) may not send \(checks.id) to \(name(receiver))"))
        }
        return outcome
    }

    /// Restrictions at the sender or receiver: violations into `outcome`.
    private func restrictions(_ fields: [CheckValue?], into outcome: inout Outcome) {
        for r in checks.restrictions where r.at == (r.direction == .recv ? receiver : sender) && checks.program.holds(r.when, fields) {
            outcome.violations.append(Violation(.restriction, invariant: r.invariant,
                                                "invariant \(r.invariant): \(r.direction == .recv ? "recv" : "send") \(checks.id) at \(policy.serviceNames[r.at]) is never allowed"))
        }
    }

    /// Monitor events at the sender or receiver, read at `now`: violations into `outcome`, and the
    /// monitor records to make if the message passes.
    private func monitors(_ fields: [CheckValue?], now: UInt64, into outcome: inout Outcome) {
        for e in checks.monitorEvents where e.at == (e.direction == .recv ? receiver : sender) {
            var tuple: [CheckValue] = []
            for slot in e.bind {
                guard let value = fields[slot] else { break }
                tuple.append(value)
            }
            guard tuple.count == e.bind.count, checks.program.holds(e.when, fields, tuple) else { continue }
            let store = policy.monitors[e.monitor]
            if e.forbids {
                if !store.contains(tuple, now: now) {
                    outcome.violations.append(Violation(.monitor, invariant: store.invariant,
                                                        "invariant \(store.invariant): \(e.direction == .recv ? "recv" : "send") \(checks.id) at \(policy.serviceNames[e.at]) for \(tuple.map(\.description).joined(separator: ", ")) without the required earlier event"))
                }
            } else {
                outcome.records.append((store, tuple))
            }
        }
    }

    private func name(_ position: Int) -> String { policy.serviceNames[position] }

    /// Why a message is implausible for one party's model.
    private enum Implausibility {
        /// The model has no rule for the message.
        case noRule
        /// Rules exist, none with this peer: they name the peers in `entries`.
        case otherPeers([MessageChecks.Plausible])
        /// Rules for this peer exist; the message's fields satisfy none of their conditions.
        case unsatisfied
    }

    /// Of `owner`'s entries in `table`, one must exist when `required` (requests); when entries
    /// exist, one must name `peer` and have its predicate hold. Replies without entries answer
    /// calls the model made.
    private func plausibility(_ table: borrowing PlausibleTable, owner: Int, peer: Int, required: Bool,
                              _ fields: borrowing [CheckValue?]) -> Implausibility? {
        let range = table.ranges[owner]
        if range.isEmpty { return required ? .noRule : nil }
        var peerKnown = false
        for i in range where table.entries[i].peers & (1 << UInt64(peer)) != 0 {
            if checks.program.holds(table.entries[i].when, fields) { return nil }
            peerKnown = true
        }
        return peerKnown ? .unsatisfied : .otherPeers(Array(table.entries[range]))
    }

    /// The violation `failure` is, `what` saying who may not send or receive what.
    private func violation(_ failure: Implausibility, _ kind: Violation.Kind, _ what: String) -> Violation {
        switch failure {
        case .noRule:
            return Violation(kind, "\(what): no rule of the model does")
        case .otherPeers(let entries):
            let allowed = policy.serviceNames.indices.filter { i in entries.contains { $0.peers & (1 << UInt64(i)) != 0 } }.map(name)
            return Violation(kind, "\(what): only from/to \(allowed.joined(separator: ", "))")
        case .unsatisfied:
            return Violation(kind, "\(what): its fields satisfy no rule's condition")
        }
    }
}
