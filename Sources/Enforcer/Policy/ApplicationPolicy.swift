import Foundation
import Models
import RPCDecode
import ThriftSchema

/// One enforced application, ready for the packet path: its binding, its schemas, and the checks
/// of every message type its compiled spec names, found by (service, method, kind). Immutable;
/// a reload builds a new one.
public final class ApplicationPolicy: Sendable {
    public let binding: ApplicationBinding
    public let schemas: SchemaRegistry
    /// The spec's services in order, then `client` (callers outside the application): checks
    /// name services by position here.
    public let serviceNames: [String]
    let checks: [MessageChecks]
    /// Per serving service, per method: the checks of its request and of its response.
    let methods: [String: [String: MethodChecks]]
    let monitors: [MonitorStore]
    private let routes: [String: [RouteTemplate]]
    private let schemaServices: [String: String]
    /// Redis services: command name → number of arguments after the name.
    private let commands: [String: [String: Int]]

    public var name: String { binding.name }

    public init(_ binding: ApplicationBinding, metrics: MetricsRegistry) throws(PolicyError) {
        let spec = binding.spec
        guard spec.format == CompiledSpec.formatName else { throw PolicyError("not a compiled spec (format '\(spec.format)')") }
        guard spec.version == CompiledSpec.currentVersion else {
            throw PolicyError("compiled spec version \(spec.version); this switch reads version \(CompiledSpec.currentVersion) (recompile with this ucheck)")
        }
        self.binding = binding
        serviceNames = spec.services.map(\.name) + [CheckedSpec.externalClient]
        guard serviceNames.count <= 64 else { throw PolicyError("application \(spec.app): more than 63 services") }
        let position = Dictionary(serviceNames.enumerated().map { ($1, $0) }) { a, _ in a }
        func peers(_ names: [String]) -> UInt64 { names.reduce(0) { $0 | (position[$1].map { 1 << UInt64($0) } ?? 0) } }
        var registry = SchemaRegistry()
        do {
            for set in spec.schemas.protobufDescriptorSets { registry.protobuf.append(try ProtobufSchema(descriptorSet: [UInt8](set))) }
            for json in spec.schemas.thriftJSON { try registry.thrift.load(json: json) }
        } catch {
            throw PolicyError("application \(spec.app): the embedded schemas do not load: \(error)")
        }
        schemas = registry
        var routes: [String: [RouteTemplate]] = [:]
        var schemaServices: [String: String] = [:]
        var commands: [String: [String: Int]] = [:]
        for table in spec.services {
            routes[table.name] = table.routes.map(RouteTemplate.init)
            schemaServices[table.name] = table.schema
            commands[table.name] = Dictionary(table.commands.map { ($0.name, $0.arguments.count) }) { first, _ in first }
        }
        self.routes = routes
        self.schemaServices = schemaServices
        self.commands = commands
        monitors = spec.monitors.map { MonitorStore(invariant: $0.invariant) }

        var builder = Builder(spec: spec, schemas: registry, routes: routes, schemaServices: schemaServices, services: serviceNames.count)
        for (owner, table) in spec.services.enumerated() {
            for entry in table.receives {
                let when = try builder.condition(entry.when, entry.message)
                let i = builder.position(entry.message)
                builder.all[i].receives[owner].append(.init(peers: peers(entry.peers), when: when))
            }
            for entry in table.sends {
                let when = try builder.condition(entry.when, entry.message)
                let i = builder.position(entry.message)
                builder.all[i].sends[owner].append(.init(peers: peers(entry.peers), when: when))
            }
        }
        for r in spec.restrictions {
            let when = try builder.condition(r.when, r.message)
            let i = builder.position(r.message)
            builder.all[i].restrictions.append(.init(invariant: r.invariant, direction: r.direction,
                                                                                at: position[r.at] ?? -1, when: when))
        }
        for (m, monitor) in spec.monitors.enumerated() {
            for (forbids, events) in [(false, monitor.record), (true, monitor.forbid)] {
                for e in events {
                    let when = try builder.condition(e.when, e.message)
                    let bind = zip(e.bind, monitor.boundTypes).map { builder.slot($0, $1, e.message) }
                    let i = builder.position(e.message)
                    builder.all[i].monitorEvents.append(.init(monitor: m, forbids: forbids, direction: e.direction,
                                                                        at: position[e.at] ?? -1, when: when, bind: bind))
                }
            }
        }
        checks = builder.all.map { draft in
            MessageChecks(draft, counter: metrics.counter(app: spec.app, service: draft.id.service, method: draft.id.method,
                                                          kind: draft.id.kind.rawValue))
        }
        var methods: [String: [String: MethodChecks]] = [:]
        for (id, i) in builder.index {
            if id.kind == .request { methods[id.service, default: [:]][id.method, default: MethodChecks()].request = i }
            else { methods[id.service, default: [:]][id.method, default: MethodChecks()].response = i }
        }
        self.methods = methods
    }

    /// The position of service `name` in `serviceNames`; outside callers are `client`'s.
    func position(of name: String) -> Int { serviceNames.firstIndex(of: name) ?? serviceNames.count - 1 }

    /// Positions in `checks` of one method's request and response checks.
    struct MethodChecks: Sendable {
        var request: Int?
        var response: Int?
    }

    /// How `service` names its messages and finds their checks.
    func served(by service: String) -> ServedMethods {
        ServedMethods(schemaService: schemaServices[service], routes: routes[service] ?? [], commands: commands[service] ?? [:],
                             checks: methods[service] ?? [:])
    }

    /// Every method `service` has in the spec's schemas and declarations (RPCs, routes, Redis
    /// commands), whether or not any model sends or receives it; sorted.
    public func methodNames(of service: String) -> [String] {
        let served = served(by: service)
        var names = Set(served.routes.map(\.name))
        names.formUnion(served.commandNames)
        if let qualified = served.schemaService {
            for schema in schemas.protobuf { names.formUnion(schema.methods.filter { $0.service == qualified }.map(\.name)) }
            names.formUnion(schemas.thrift.functions.values.filter { $0.service == served.thriftService }.map(\.name))
        }
        return names.sorted()
    }

    /// How `path` of message type `id` is read, for predicates made after the policy (debugger
    /// breakpoints): a `request.` field reads what the spec's own checks save of the request.
    func reader(forPath path: String, type: ValueType, of id: MessageID) -> FieldReader {
        if path == "$trace" { return .trace }
        if id.kind == .response, path.hasPrefix("request.") { return .request(String(path.dropFirst("request.".count))) }
        return Self.wireReader(path, type, id, spec: binding.spec, schemas: schemas, routes: routes)
    }

    /// How `path` (not `request.`-prefixed) of message type `id` is read on the wire.
    private static func wireReader(_ path: String, _ type: ValueType, _ id: MessageID, spec: CompiledSpec, schemas: SchemaRegistry,
                                   routes: [String: [RouteTemplate]]) -> FieldReader {
        guard let table = spec.services.first(where: { $0.name == id.service }) else { return .missing }
        switch table.proto {
        case "grpc":
            for schema in schemas.protobuf {
                guard let qualified = table.schema, let method = schema.method(service: qualified, name: id.method) else { continue }
                let messageType = id.kind == .request ? method.inputType : method.outputType
                return schema.fieldPath(path, in: messageType).map { .protobuf($0, type) } ?? .missing
            }
            return .missing
        case "thrift":
            guard let function = schemas.thrift.functions[id.method] else { return .missing }
            var fields = id.kind == .request ? function.arguments : function.result
            var ids: [Int16] = []
            for (i, part) in path.split(separator: ".").enumerated() {
                guard let field = fields.first(where: { $0.name == part }) else { return .missing }
                ids.append(field.id)
                if case .structure(let name) = field.type { fields = schemas.thrift.structs[name] ?? [] }
                else if i < path.split(separator: ".").count - 1 { return .missing }
            }
            return .thrift(ids, type)
        case "redis":
            if id.kind == .response { return path == "reply" ? .redisReply(type) : .missing }
            let arguments = table.commands.first { $0.name == id.method }?.arguments ?? []
            return arguments.firstIndex(of: path).map { .redisArgument($0 + 1, type) } ?? .missing
        default:
            if path == "status", id.kind == .response { return .httpStatus }
            if path.hasPrefix("form.") { return .form(String(path.dropFirst(5)), type) }
            if path.hasPrefix("header.") { return .header(String(path.dropFirst(7)).lowercased(), type) }
            if path.hasPrefix("path.") {
                let name = String(path.dropFirst(5))
                let template = routes[id.service]?.first { $0.name == id.method }
                return template?.segmentIndex(of: name).map { .pathSegment($0, type) } ?? .missing
            }
            return .bodyOrQuery(path.split(separator: ".").map(String.init), type)
        }
    }

    /// Prepares predicates and field readers for the message types of one spec.
    private struct Builder {
        let spec: CompiledSpec
        let schemas: SchemaRegistry
        let routes: [String: [RouteTemplate]]
        let schemaServices: [String: String]
        let services: Int
        var all: [MessageChecks.Draft] = []
        var index: [MessageID: Int] = [:]

        init(spec: CompiledSpec, schemas: SchemaRegistry, routes: [String: [RouteTemplate]], schemaServices: [String: String], services: Int) {
            self.spec = spec
            self.services = services
            self.schemas = schemas
            self.routes = routes
            self.schemaServices = schemaServices
        }

        /// The position of `id`'s checks in `all`, adding them when new.
        mutating func position(_ id: MessageID) -> Int {
            if let i = index[id] { return i }
            index[id] = all.count
            all.append(MessageChecks.Draft(id: id, services: services))
            return all.count - 1
        }

        /// `node` added to the program of `id`'s checks, reading fields by slots of its field table.
        mutating func condition(_ node: PredicateNode, _ id: MessageID) throws(PolicyError) -> Condition {
            var copy = self
            let i = copy.position(id)
            var program = copy.all[i].program
            let condition = try program.add(node) { path, type in copy.slot(path, type, id) }
            copy.all[i].program = program
            self = copy
            return condition
        }

        mutating func slot(_ path: String, _ type: ValueType, _ id: MessageID) -> Int {
            let i = position(id)
            if let existing = all[i].fields.existingSlot(path) { return existing }
            // Reading a response's `request.` field adds the request's slot first (positions stay put).
            let reader = self.reader(path, type, id)
            return all[i].fields.slot(path) { reader }
        }

        /// How `path` of message type `id` is read on the wire.
        private mutating func reader(_ path: String, _ type: ValueType, _ id: MessageID) -> FieldReader {
            if path == "$trace" { return .trace }
            if id.kind == .response, path.hasPrefix("request.") {
                let request = MessageID(service: id.service, method: id.method, kind: .request)
                let field = String(path.dropFirst("request.".count))
                _ = slot(field, type, request)
                let i = position(request)
                all[i].savesRequest = true
                return .request(field)
            }
            return ApplicationPolicy.wireReader(path, type, id, spec: spec, schemas: schemas, routes: routes)
        }
    }
}
