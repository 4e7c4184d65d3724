import Models

/// Everything the enforcer checks on one message type (serving service, method, kind) of one
/// application, prepared from the compiled spec: plausible-message entries of the services that
/// may send or receive it, the restrictions and monitor events on it, and the field table they read.
/// A class, so the packet path holds one reference instead of copying its tables per message;
/// immutable (built from a `Draft`), so checks read its tables in place without retaining them.
final class MessageChecks: Sendable {
    /// One plausible-message entry: who the other side may be (a bit per service position,
    /// `ApplicationPolicy.serviceNames`), and the predicate on the fields.
    struct Plausible: Sendable {
        var peers: UInt64
        var when: Condition
    }

    /// A restriction on this message type at one service.
    struct Restriction: Sendable {
        var invariant: String
        var direction: CompiledSpec.Direction
        /// The service position.
        var at: Int
        var when: Condition
    }

    /// A monitor event on this message type: `bind[i]` is the slot of bound variable i.
    struct MonitorEvent: Sendable {
        var monitor: Int
        var forbids: Bool
        var direction: CompiledSpec.Direction
        /// The service position.
        var at: Int
        var when: Condition
        var bind: [Int]
    }

    /// A message type's checks while the policy is built: entries, restrictions, monitor events
    /// and field slots are added as the compiled spec names them.
    struct Draft {
        var id: MessageID
        var fields = FieldTable()
        var receives: [[Plausible]]
        var sends: [[Plausible]]
        var restrictions: [Restriction] = []
        var monitorEvents: [MonitorEvent] = []
        var savesRequest = false

        init(id: MessageID, services: Int) {
            self.id = id
            receives = Array(repeating: [], count: services)
            sends = Array(repeating: [], count: services)
        }
    }

    let id: MessageID
    let fields: FieldTable
    /// Entries of `receives` tables, by the receiving service's position.
    let receives: [[Plausible]]
    /// Entries of `sends` tables, by the sending service's position.
    let sends: [[Plausible]]
    let restrictions: [Restriction]
    let monitorEvents: [MonitorEvent]
    /// The metrics counter of this message type.
    let counter: Int
    /// A request whose response reads `request.` fields: its fields are saved until the response.
    let savesRequest: Bool
    /// The fast path: per owner, the peers for which receiving (sending) this message is
    /// plausible whatever its fields; and whether no restriction or monitor event is on it. Most
    /// messages pass on these alone, with no predicate evaluated.
    let unconditionalReceive: [UInt64]
    let unconditionalSend: [UInt64]
    let unrestricted: Bool

    /// The checks `draft` collected, with the fast path computed. An owner without entries may
    /// receive or send a response (it answers or gets the answer to a call its model made),
    /// never a request.
    init(_ draft: Draft, counter: Int) {
        func unconditional(_ entries: [Plausible]) -> UInt64 {
            if entries.isEmpty { return draft.id.kind == .request ? 0 : ~0 }
            return entries.reduce(0) { mask, entry in entry.when.isAlways ? mask | entry.peers : mask }
        }
        id = draft.id
        fields = draft.fields
        receives = draft.receives
        sends = draft.sends
        restrictions = draft.restrictions
        monitorEvents = draft.monitorEvents
        self.counter = counter
        savesRequest = draft.savesRequest
        unconditionalReceive = draft.receives.map(unconditional)
        unconditionalSend = draft.sends.map(unconditional)
        unrestricted = draft.restrictions.isEmpty && draft.monitorEvents.isEmpty
    }
}
