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

    init(id: MessageID, services: Int) {
        self.id = id
        receives = Array(repeating: nil, count: services)
        sends = Array(repeating: nil, count: services)
    }
}
