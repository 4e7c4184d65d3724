/// Resolves names and checks types of a parsed spec against its schemas, collecting every
/// diagnostic (unknown service/method/field, type mismatch, unused state, unreachable rule, ...).
public struct TypeChecker {
    /// Nesting depth up to which message fields are flattened into dotted leaves; deeper (and
    /// recursive) fields are opaque, so a self-referencing message cannot unfold forever.
    static let maxFieldNesting = 6

    let syntax: SpecSyntax
    let schema: Schema
    var diagnostics: [Diagnostic] = []
    var sorts: Set<String> = []
    var services: [ServiceInfo] = []
    var states: [StateVar] = []
    var rules: [Rule] = []
    var invariants: [Invariant] = []
    var literals: [String] = []
    var prefixes: [String] = []
    /// Sort refinements of schema fields: message full name -> leaf path -> type.
    var refinements: [String: [String: ValueType]] = [:]

    public static func check(_ syntax: SpecSyntax, schema: Schema) throws(SpecError) -> CheckedSpec {
        var checker = TypeChecker(syntax: syntax, schema: schema)
        checker.checkDeclarations()
        checker.checkModels()
        checker.checkInvariants()
        if checker.diagnostics.isEmpty { checker.checkUsage() }
        guard checker.diagnostics.isEmpty else {
            throw SpecError(checker.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return CheckedSpec(app: syntax.app, file: syntax.file, services: checker.services, states: checker.states,
                           rules: checker.rules, invariants: checker.invariants, literals: checker.literals,
                           prefixes: checker.prefixes)
    }

    mutating func report(_ code: Diagnostic.Code, at location: SourceLocation, _ message: String, text: String, hint: String) {
        diagnostics.append(Diagnostic(code, at: location, message, text: text, hint: hint))
    }

    func suggestion(_ candidates: some Sequence<String>) -> String {
        let list = candidates.filter { !$0.hasPrefix("$") }.sorted()
        if list.isEmpty { return "none are declared" }
        return "known: " + list.prefix(12).joined(separator: ", ") + (list.count > 12 ? ", ..." : "")
    }

    // MARK: Types

    mutating func valueType(_ type: TypeSyntax) -> ValueType? {
        guard type.arguments.isEmpty else {
            report(.typeMismatch, at: type.location, "\(type) is a collection; a scalar type is needed here", text: type.description,
                   hint: "use int, bool, string or a sort")
            return nil
        }
        switch type.name {
        case "int": return .int
        case "bool": return .bool
        case "string", "bytes": return .string
        default:
            if sorts.contains(type.name) { return .sort(type.name) }
            report(.unknownType, at: type.location, "unknown type '\(type.name)'", text: type.description,
                   hint: "declare it with `sort \(type.name)` or use int, bool, string")
            return nil
        }
    }

    mutating func stateType(_ type: TypeSyntax) -> StateType? {
        switch (type.name, type.arguments.count) {
        case ("set", 1): return valueType(type.arguments[0]).map(StateType.set)
        case ("map", 2):
            guard let key = valueType(type.arguments[0]), let value = valueType(type.arguments[1]) else { return nil }
            return .map(key, value)
        case ("set", _), ("map", _):
            report(.unknownType, at: type.location, "wrong number of type arguments in \(type)", text: type.description,
                   hint: "write set<T> or map<K, V>")
            return nil
        default:
            return valueType(type).map(StateType.scalar)
        }
    }

    // MARK: Declarations

    mutating func checkDeclarations() {
        for sort in syntax.sorts {
            if !sorts.insert(sort.name).inserted || ["int", "bool", "string", "set", "map"].contains(sort.name) {
                report(.duplicateName, at: sort.location, "sort '\(sort.name)' is already declared", text: sort.name,
                       hint: "choose another name")
            }
        }
        for refine in syntax.refinements { checkRefinement(refine) }
        for declaration in syntax.services { checkService(declaration) }
        for route in syntax.routes { checkRoute(route) }
        for command in syntax.commands { checkCommand(command) }
    }

    mutating func checkRefinement(_ refine: RefineDeclSyntax) {
        let name = refine.message.joined(separator: ".")
        guard schema.messages[name] != nil else {
            report(.unknownName, at: refine.location, "unknown message '\(name)'", text: name,
                   hint: "refine a message of an imported schema; " + suggestion(schema.messages.keys))
            return
        }
        let leaves = Dictionary(flatten(message: name, prefix: "", depth: 0).leaves.map { ($0.path, $0.type) }) { a, _ in a }
        for field in refine.fields {
            let path = field.path.joined(separator: ".")
            guard let original = leaves[path] else {
                report(.unknownField, at: field.location, "message \(name) has no field '\(path)'", text: path,
                       hint: suggestion(leaves.keys))
                continue
            }
            guard let type = valueType(field.type) else { continue }
            guard original == .string, case .sort = type else {
                report(.typeMismatch, at: field.type.location, "cannot refine \(original) field '\(path)' to \(type)",
                       text: "\(path): \(field.type)", hint: "only string fields can be given a sort")
                continue
            }
            refinements[name, default: [:]][path] = type
        }
    }

    /// Flattens a schema message into scalar leaves and the paths that cannot be addressed.
    func flatten(message name: String, prefix: String, depth: Int) -> (leaves: [LeafField], opaque: Set<String>) {
        guard let message = schema.messages[name] else { return ([], []) }
        var leaves: [LeafField] = []
        var opaque: Set<String> = []
        for field in message.fields {
            let path = prefix + field.name
            if field.repeated { opaque.insert(path); continue }
            switch field.type {
            case .scalar(let type):
                let refined = refinements[name]?[field.name] ?? type
                leaves.append(LeafField(path: path, type: refined))
            case .message(let nested):
                if depth + 1 >= TypeChecker.maxFieldNesting { opaque.insert(path); continue }
                let inner = flatten(message: nested, prefix: path + ".", depth: depth + 1)
                let refinedInner = inner.leaves.map { leaf -> LeafField in
                    var leaf = leaf
                    let relative = String(leaf.path.dropFirst(prefix.count))
                    if let type = refinements[name]?[relative] { leaf.type = type }
                    return leaf
                }
                leaves += refinedInner
                opaque.formUnion(inner.opaque)
            }
        }
        return (leaves, opaque)
    }

    mutating func checkService(_ declaration: ServiceDeclSyntax) {
        if services.contains(where: { $0.name == declaration.name }) || declaration.name == CheckedSpec.externalClient {
            report(.duplicateName, at: declaration.location, "service '\(declaration.name)' is already declared",
                   text: declaration.name, hint: "service names must be unique and not '\(CheckedSpec.externalClient)'")
            return
        }
        var service = ServiceInfo(name: declaration.name, proto: declaration.proto, address: declaration.address,
                                  schema: declaration.schema?.joined(separator: "."), external: declaration.external,
                                  methods: [:], location: declaration.location)
        switch declaration.proto {
        case "grpc", "thrift":
            guard let schemaName = service.schema else {
                report(.unknownService, at: declaration.location, "\(declaration.proto) service '\(declaration.name)' names no schema service",
                       text: declaration.name, hint: "add `schema pkg.Service` naming a service of an imported .proto or .thrift")
                return
            }
            guard let schemaService = schema.services[schemaName] else {
                report(.unknownService, at: declaration.location, "unknown schema service '\(schemaName)'", text: schemaName,
                       hint: "import the .proto or .thrift that defines it; " + suggestion(schema.services.keys))
                return
            }
            for method in schemaService.methods {
                let request = flatten(message: method.input, prefix: "", depth: 0)
                let response = flatten(message: method.output, prefix: "", depth: 0)
                service.methods[method.name] = MethodInfo(
                    name: method.name, requestLeaves: request.leaves + [LeafField.trace],
                    responseLeaves: request.leaves.map { LeafField(path: "request." + $0.path, type: $0.type) } + response.leaves
                        + [LeafField.trace],
                    http: nil, opaquePaths: request.opaque.union(response.opaque.union(Set(request.opaque.map { "request." + $0 }))))
            }
        case "http":
            if declaration.schema != nil {
                report(.badSchema, at: declaration.location, "HTTP service '\(declaration.name)' cannot name a schema service",
                       text: declaration.name, hint: "declare its endpoints with `route \(declaration.name).NAME VERB \"/path\" { ... }`")
            }
        case "redis":
            if declaration.schema != nil {
                report(.badSchema, at: declaration.location, "Redis service '\(declaration.name)' cannot name a schema service",
                       text: declaration.name, hint: "declare its commands with `command \(declaration.name).NAME { key: Key }`")
            }
        default:
            report(.syntax, at: declaration.location, "unknown protocol '\(declaration.proto)'", text: declaration.proto,
                   hint: "protocols are grpc, thrift, http and redis")
        }
        services.append(service)
    }

    mutating func checkRoute(_ route: RouteDeclSyntax) {
        guard let index = serviceIndex(route.service, speaking: "http", at: route.location, "routes belong to HTTP services",
                                       hint: "declare the service with `http`, or use its schema's methods or commands") else { return }
        guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(route.verb) else {
            report(.syntax, at: route.location, "unknown HTTP method '\(route.verb)'", text: route.verb,
                   hint: "use GET, POST, PUT, PATCH or DELETE")
            return
        }
        guard services[index].methods[route.name] == nil else {
            report(.duplicateName, at: route.location, "route '\(route.service).\(route.name)' is already declared",
                   text: route.name, hint: "give each route its own name")
            return
        }
        func leaves(_ fields: [FieldDeclSyntax]) -> [LeafField] {
            fields.compactMap { field in valueType(field.type).map { LeafField(path: field.path.joined(separator: "."), type: $0) } }
        }
        let request = leaves(route.fields)
        let response = [LeafField(path: "status", type: .int)] + leaves(route.responseFields)
        services[index].methods[route.name] = MethodInfo(
            name: route.name, requestLeaves: request + [LeafField.trace],
            responseLeaves: request.map { LeafField(path: "request." + $0.path, type: $0.type) } + response + [LeafField.trace],
            http: HTTPRoute(verb: route.verb, path: route.path), opaquePaths: [])
    }

    /// The index of the declared service `name` when it speaks `proto`; reports an unknown service,
    /// or (`rule`, `hint`) a service speaking another protocol, at `location`.
    mutating func serviceIndex(_ name: String, speaking proto: String, at location: SourceLocation, _ rule: String,
                               hint: String) -> Int? {
        guard let index = services.firstIndex(where: { $0.name == name }) else {
            report(.unknownService, at: location, "unknown service '\(name)'", text: name, hint: suggestion(services.map(\.name)))
            return nil
        }
        guard services[index].proto == proto else {
            report(.wrongService, at: location, "\(rule); '\(name)' is \(services[index].proto)", text: name, hint: hint)
            return nil
        }
        return index
    }

    /// Resolves `service.method`, reporting unknown services and methods.
    mutating func resolve(_ reference: MessageRefSyntax) -> (ServiceInfo, MethodInfo)? {
        guard let service = services.first(where: { $0.name == reference.service }) else {
            report(.unknownService, at: reference.location, "unknown service '\(reference.service)'", text: reference.description,
                   hint: suggestion(services.map(\.name)))
            return nil
        }
        guard let method = service.methods[reference.method] else {
            report(.unknownMethod, at: reference.methodLocation, "service '\(service.name)' has no method '\(reference.method)'",
                   text: reference.description, hint: suggestion(service.methods.keys))
            return nil
        }
        return (service, method)
    }

    mutating func literalCode(_ text: String) -> Int {
        if let index = literals.firstIndex(of: text) { return CheckedSpec.literalCode(index) }
        literals.append(text)
        return CheckedSpec.literalCode(literals.count - 1)
    }
}
