/// What the verifier and the interpreter keep of messages: per message type the leaves some rule
/// or invariant reads (other fields cannot influence any verdict), the channels the network
/// holds, and every transition of the application.
public struct MessageLayout: Sendable {
    public let relevant: [MessageID: [LeafField]]
    public let channels: [Channel]
    public let transitions: [Transition]

    public init(_ spec: CheckedSpec) {
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
            paths[rule.trigger, default: []].formUnion(read)
        }
        for invariant in spec.invariants {
            for event in invariant.never + invariant.unlessEarlier {
                paths[event.message, default: []].formUnion(event.condition.fieldPaths.union(event.bindings.values))
            }
        }
        for (id, set) in paths where id.kind == .response {
            let request = MessageID(service: id.service, method: id.method, kind: .request)
            for path in set where path.hasPrefix("request.") { paths[request, default: []].insert(String(path.dropFirst(8))) }
        }
        var relevant: [MessageID: [LeafField]] = [:]
        for (id, set) in paths {
            let leaves = spec.method(id)?.leaves(id.kind) ?? []
            relevant[id] = leaves.filter { set.contains($0.path) }.sorted { $0.path < $1.path }
        }
        self.relevant = relevant

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

        var transitions: [Transition] = []
        for (index, rule) in spec.rules.enumerated() {
            if rule.trigger.kind == .response {
                transitions.append(Transition(rule: index, sender: rule.trigger.service,
                                              channel: Channel(caller: rule.service, message: rule.trigger)))
            } else {
                for sender in spec.senders(of: rule.trigger) {
                    let channel = sender == CheckedSpec.externalClient ? nil : Channel(caller: sender, message: rule.trigger)
                    transitions.append(Transition(rule: index, sender: sender, channel: channel))
                }
            }
        }
        self.transitions = transitions
    }

    public func leaves(_ id: MessageID) -> [LeafField] { relevant[id] ?? [] }
}
