/// A safety property: no event matching `never` happens, unless (when `unlessEarlier` is not
/// empty) an event matching `unlessEarlier` with the same bound values happened before it.
public struct Invariant: Sendable, Hashable {
    public var name: String
    public var boundTypes: [ValueType]
    public var boundNames: [String]
    public var never: [EventPattern]
    public var unlessEarlier: [EventPattern]
    public var location: SourceLocation

    public var isSequence: Bool { !unlessEarlier.isEmpty }

    /// The service at which every event of the invariant happens, if there is one: the invariant
    /// is then locally monitorable at that service's port (a parametric monitor there sees all its
    /// events in order, without coordinating with other switches).
    public var monitoringPort: String? {
        let places = Set((never + unlessEarlier).map(\.at))
        return places.count == 1 ? places.first : nil
    }
}
