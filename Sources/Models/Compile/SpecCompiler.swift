/// Turns a checked spec and its verdicts into enforcement tables (CompiledSpec).
public struct SpecCompiler {
    public init() {}

    public func compile(_ spec: CheckedSpec, verdicts: [Verdict]) -> CompiledSpec {
        var tables: [CompiledSpec.ServiceTable] = []
        var restrictions: [CompiledSpec.Restriction] = []
        var monitors: [CompiledSpec.Monitor] = []
        var portPaths: [String: Set<String>] = [:]

        for invariant in spec.invariants {
            let verdict = verdicts.first { $0.invariant == invariant.name }
            func event(_ pattern: EventPattern) -> CompiledSpec.MonitorEvent? {
                guard let when = builder(spec, pattern.message, invariant.boundTypes).build(pattern.condition) else { return nil }
                return CompiledSpec.MonitorEvent(message: pattern.message, direction: pattern.isSend ? .send : .recv, at: pattern.at,
                                                 when: when, bind: invariant.boundTypes.indices.map { pattern.bindings[$0]! })
            }
            if !invariant.isSequence {
                for pattern in invariant.never {
                    // Bound variables of a plain `never` are just names for fields: substitute them.
                    let condition = substitute(pattern.condition, pattern.bindings)
                    guard let when = builder(spec, pattern.message, []).build(condition) else { continue }
                    restrictions.append(CompiledSpec.Restriction(invariant: invariant.name, message: pattern.message,
                                                                 direction: pattern.isSend ? .send : .recv, at: pattern.at, when: when))
                    portPaths[pattern.at, default: []].formUnion(when.fieldPaths)
                }
            } else if let port = verdict?.monitorableAt.first {
                let record = invariant.unlessEarlier.compactMap(event)
                let forbid = invariant.never.compactMap(event)
                guard record.count == invariant.unlessEarlier.count, forbid.count == invariant.never.count else { continue }
                monitors.append(CompiledSpec.Monitor(invariant: invariant.name, port: port, boundNames: invariant.boundNames,
                                                     boundTypes: invariant.boundTypes,
                                                     record: record, forbid: forbid))
                for e in record + forbid { portPaths[port, default: []].formUnion(e.when.fieldPaths.union(e.bind)) }
            }
        }

        for service in spec.services {
            var receives: [MessageID: [PredicateNode]] = [:]
            var sends: [MessageID: (peers: Set<String>, when: [PredicateNode])] = [:]
            for rule in spec.rules where rule.service == service.name {
                receives[rule.trigger, default: []].append(builder(spec, rule.trigger, []).build(rule.globalCondition) ?? .always)
                for action in rule.actions {
                    guard let (id, fields) = action.sentMessage else { continue }
                    // Only fields fixed to constants can be checked on the sent message alone.
                    let fixed = fields.keys.sorted().compactMap { path -> PredicateNode? in
                        guard case .constant = fields[path]! else { return nil }
                        return builder(spec, id, []).build(.compare(.eq, .field(path), fields[path]!))
                    }
                    let peers = id.kind == .request ? [id.service] : spec.senders(of: rule.trigger)
                    sends[id, default: ([], [])].peers.formUnion(peers)
                    sends[id, default: ([], [])].when.append(.conjunction(fixed))
                }
            }
            let receiveList = receives.keys.sorted().map {
                CompiledSpec.PlausibleMessage(message: $0, peers: spec.senders(of: $0), when: .disjunction(receives[$0]!))
            }
            let sendList = sends.keys.sorted().map {
                CompiledSpec.PlausibleMessage(message: $0, peers: sends[$0]!.peers.sorted(), when: .disjunction(sends[$0]!.when))
            }
            var paths = portPaths[service.name] ?? []
            for message in receiveList + sendList { paths.formUnion(message.when.fieldPaths) }
            let routes = service.methods.values.compactMap { method in
                method.http.map { CompiledSpec.Route(name: method.name, verb: $0.verb, path: $0.path) }
            }.sorted { $0.name < $1.name }
            let commands = service.methods.values.compactMap { method in
                method.redis.map { CompiledSpec.Command(name: method.name, arguments: $0.arguments) }
            }.sorted { $0.name < $1.name }
            tables.append(CompiledSpec.ServiceTable(name: service.name, proto: service.proto, address: service.address,
                                                    external: service.external, schema: service.schema, routes: routes,
                                                    commands: commands,
                                                    receives: receiveList, sends: sendList,
                                                    fieldPaths: paths.sorted()))
        }
        let summaries = spec.invariants.map { invariant in
            let verdict = verdicts.first { $0.invariant == invariant.name }
            return CompiledSpec.InvariantSummary(name: invariant.name, status: verdict?.status ?? .unknown, exact: verdict?.exact,
                                                 monitorableAt: verdict?.monitorableAt ?? [])
        }
        return CompiledSpec(format: CompiledSpec.formatName, version: CompiledSpec.currentVersion, app: spec.app,
                            services: tables, restrictions: restrictions, monitors: monitors, invariants: summaries,
                            schemas: spec.schemaSources)
    }

    private func builder(_ spec: CheckedSpec, _ id: MessageID, _ boundTypes: [ValueType]) -> PredicateBuilder {
        let leaves = spec.method(id)?.leaves(id.kind) ?? []
        return PredicateBuilder(spec: spec, leafTypes: Dictionary(leaves.map { ($0.path, $0.type) }) { a, _ in a }, boundTypes: boundTypes)
    }

    private func substitute(_ expression: Expr, _ bindings: [Int: String]) -> Expr {
        switch expression {
        case .bound(let index): return .field(bindings[index]!)
        case .not(let e): return .not(substitute(e, bindings))
        case .and(let parts): return .and(parts.map { substitute($0, bindings) })
        case .or(let parts): return .or(parts.map { substitute($0, bindings) })
        case .compare(let op, let a, let b): return .compare(op, substitute(a, bindings), substitute(b, bindings))
        case .add(let a, let b): return .add(substitute(a, bindings), substitute(b, bindings))
        case .subtract(let a, let b): return .subtract(substitute(a, bindings), substitute(b, bindings))
        case .hasPrefix(let e, let prefix): return .hasPrefix(substitute(e, bindings), prefix)
        default: return expression
        }
    }
}
