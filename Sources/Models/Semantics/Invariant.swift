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

    /// The services whose port sees every event of the invariant (a message passes its sender's
    /// and its receiver's ports); non-empty means the invariant is locally monitorable there.
    public func monitoringPorts(callers: (MessageID) -> Set<String>) -> Set<String> {
        var ports: Set<String>? = nil
        for event in never + unlessEarlier {
            var seen: Set<String> = [event.at]
            if event.message.kind == .request && event.isSend { seen.insert(event.message.service) }
            if event.message.kind == .response && !event.isSend { seen.insert(event.message.service) }
            let peers = callers(event.message)
            if peers.count == 1, let only = peers.first, event.at == event.message.service { seen.insert(only) }
            ports = ports.map { $0.intersection(seen) } ?? seen
        }
        return ports ?? []
    }
}
