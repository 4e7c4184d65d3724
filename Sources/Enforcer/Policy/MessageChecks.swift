import Models

/// Everything the enforcer checks on one message type (serving service, method, kind) of one
/// application, prepared from the compiled spec: plausible-message entries of the services that
/// may send or receive it, the restrictions and monitor events on it, and the field table they read.
/// A class, so the packet path holds one reference instead of copying its tables per message;
/// filled in while the policy is built, never changed afterwards.
final class MessageChecks: @unchecked Sendable {
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

    var id: MessageID
    var fields = FieldTable()
    /// Entries of `receives` tables, by the receiving service's position (nil: none).
    var receives: [[Plausible]?]
    /// Entries of `sends` tables, by the sending service's position (nil: none).
    var sends: [[Plausible]?]
    var restrictions: [Restriction] = []
    var monitorEvents: [MonitorEvent] = []
    /// The metrics counter of this message type.
    var counter = 0
    /// A request whose response reads `request.` fields: its fields are saved until the response.
    var savesRequest = false
    /// The fast path, set by `prepareFastPath`: per owner, the peers for which receiving
    /// (sending) this message is plausible whatever its fields; and whether no restriction or
    /// monitor event is on it. Most messages pass on these alone, with no predicate evaluated.
    private(set) var unconditionalReceive: [UInt64] = []
    private(set) var unconditionalSend: [UInt64] = []
    private(set) var unrestricted = false

    /// Computes the fast path once the entries are complete. An owner without entries may
    /// receive or send a response (it answers or gets the answer to a call its model made),
    /// never a request.
    func prepareFastPath() {
        func unconditional(_ entries: [Plausible]?) -> UInt64 {
            guard let entries else { return id.kind == .request ? 0 : ~0 }
            return entries.reduce(0) { mask, entry in entry.when.isAlways ? mask | entry.peers : mask }
        }
        unconditionalReceive = receives.map(unconditional)
        unconditionalSend = sends.map(unconditional)
        unrestricted = restrictions.isEmpty && monitorEvents.isEmpty
    }

    init(id: MessageID, services: Int) {
        self.id = id
        receives = Array(repeating: nil, count: services)
        sends = Array(repeating: nil, count: services)
    }
}
