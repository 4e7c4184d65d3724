/// What the verifier and the interpreter keep of messages: per message type the leaves some rule
/// or invariant reads (other fields cannot influence any verdict), the leaves the network must
/// remember (those a receiver reads: rules and sequence invariants; plain `never recv`
/// invariants are checked when the message is sent, as every sent message may be received),
/// the channels the network holds, and every transition of the application.
public struct MessageLayout: Sendable {
    public let relevant: [MessageID: [LeafField]]
    public let stored: [MessageID: [LeafField]]
    public let channels: [Channel]
    public let transitions: [Transition]

    public init(_ spec: CheckedSpec) {
        var stored: [MessageID: Set<String>] = [:]
        var paths: [MessageID: Set<String>] = [:]
        for rule in spec.rules {
            var read = rule.globalCondition.fieldPaths.union(rule.localCondition.fieldPaths)
            for action in rule.actions {
                switch action {
                case .send(_, let fields), .reply(_, let fields): fields.values.forEach { read.formUnion($0.fieldPaths) }
                case .setAdd(_, let e), .setRemove(_, let e), .mapRemove(_, let e), .assign(_, let e): read.formUnion(e.fieldPaths)
                case .mapPut(_, let k, let v): read.formUnion(k.fieldPaths.union(v.fieldPaths))
                }
            }
            stored[rule.trigger, default: []].formUnion(read)
        }
        for invariant in spec.invariants {
            for event in invariant.never + invariant.unlessEarlier {
                let read = event.condition.fieldPaths.union(event.bindings.values)
                if invariant.isSequence { stored[event.message, default: []].formUnion(read) }
                else { paths[event.message, default: []].formUnion(read) }
            }
        }
        func withRequests(_ table: [MessageID: Set<String>]) -> [MessageID: Set<String>] {
            var table = table
            for (id, set) in table where id.kind == .response {
                let request = MessageID(service: id.service, method: id.method, kind: .request)
                for path in set where path.hasPrefix("request.") { table[request, default: []].insert(String(path.dropFirst(8))) }
            }
            return table
        }
        func leaves(_ table: [MessageID: Set<String>]) -> [MessageID: [LeafField]] {
            var result: [MessageID: [LeafField]] = [:]
            for (id, set) in table {
                let leaves = spec.method(id)?.leaves(id.kind) ?? []
                result[id] = leaves.filter { set.contains($0.path) }.sorted { $0.path < $1.path }
            }
            return result
        }
        // A reply copies its request's leaves, so a `request.x` any invariant reads must be remembered with the request.
        for (id, set) in paths where id.kind == .response {
            let request = MessageID(service: id.service, method: id.method, kind: .request)
            for path in set where path.hasPrefix("request.") { stored[request, default: []].insert(String(path.dropFirst(8))) }
        }
        // Trace ids flow from the received message to everything a rule sends, and from a request to its response.
        var tracing = true
        while tracing {
            tracing = false
            for (id, set) in stored.merging(paths, uniquingKeysWith: { $0.union($1) }) where set.contains(LeafField.trace.path) {
                var sources = spec.rules.filter { $0.actions.contains { $0.sentMessage?.0 == id } }.map(\.trigger)
                if id.kind == .response { sources.append(MessageID(service: id.service, method: id.method, kind: .request)) }
                for source in sources where stored[source]?.contains(LeafField.trace.path) != true {
                    stored[source, default: []].insert(LeafField.trace.path)
                    tracing = true
                }
            }
        }
        let storedPaths = withRequests(stored)
        self.stored = leaves(storedPaths)
        self.relevant = leaves(withRequests(paths.merging(storedPaths) { $0.union($1) }))

        var channels: [Channel] = []
        for service in spec.services {
            for rule in spec.rules where rule.service == service.name {
                for case .send(let id, _) in rule.actions {
                    for channel in [Channel(caller: service.name, message: id),
                                    Channel(caller: service.name, message: MessageID(service: id.service, method: id.method, kind: .response))]
                        where !channels.contains(channel) {
                        channels.append(channel)
                    }
                }
            }
        }
        self.channels = channels

        /// Every (sender, channel) a message of type `id` received by `receiver` can come from.
        func sources(_ id: MessageID, receiver: String) -> [(String, Channel?)] {
            if id.kind == .response {
                return [(id.service, Channel(caller: receiver, message: id))]
            }
            return spec.senders(of: id).map { ($0, $0 == CheckedSpec.externalClient ? nil : Channel(caller: $0, message: id)) }
        }
        var transitions: [Transition] = []
        for (index, rule) in spec.rules.enumerated() {
            for (sender, channel) in sources(rule.trigger, receiver: rule.service) {
                transitions.append(Transition(rule: index, receiver: rule.service, message: rule.trigger, sender: sender, channel: channel))
            }
        }
        // Arrivals no rule reacts to, for message types an invariant says something about on receipt.
        var arrivals: Set<Transition> = []
        for invariant in spec.invariants {
            for event in invariant.never + invariant.unlessEarlier where !event.isSend {
                for (sender, channel) in sources(event.message, receiver: event.at) where invariant.isSequence || channel == nil {
                    if event.message.kind == .response, !channels.contains(channel!) { continue }
                    let arrival = Transition(rule: nil, receiver: event.at, message: event.message, sender: sender, channel: channel)
                    if arrivals.insert(arrival).inserted { transitions.append(arrival) }
                }
            }
        }
        self.transitions = transitions
    }

    public func leaves(_ id: MessageID) -> [LeafField] { relevant[id] ?? [] }

    /// The leaves the network remembers of a message type (a subset of `leaves`, same order).
    public func storedLeaves(_ id: MessageID) -> [LeafField] { stored[id] ?? [] }
}
