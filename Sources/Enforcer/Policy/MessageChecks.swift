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
        var program = PredicateProgram()
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
    /// The predicates of the entries, restrictions and monitor events.
    let program: PredicateProgram
    /// Entries of `receives` tables, by the receiving service's position.
    let receives: PlausibleTable
    /// Entries of `sends` tables, by the sending service's position.
    let sends: PlausibleTable
    let restrictions: [Restriction]
    let monitorEvents: [MonitorEvent]
    /// The metrics counter of this message type.
    let counter: Int
    /// A request whose response reads `request.` fields: its fields are saved until the response.
    let savesRequest: Bool
    /// Whether no restriction or monitor event is on it: then, with the tables' unconditional
    /// peers, most messages pass with no predicate evaluated.
    let unrestricted: Bool

    /// The checks `draft` collected, with the fast path computed.
    init(_ draft: Draft, counter: Int) {
        id = draft.id
        fields = draft.fields
        program = draft.program
        receives = PlausibleTable(draft.receives, kind: draft.id.kind)
        sends = PlausibleTable(draft.sends, kind: draft.id.kind)
        restrictions = draft.restrictions
        monitorEvents = draft.monitorEvents
        self.counter = counter
        savesRequest = draft.savesRequest
        unrestricted = draft.restrictions.isEmpty && draft.monitorEvents.isEmpty
    }
}
