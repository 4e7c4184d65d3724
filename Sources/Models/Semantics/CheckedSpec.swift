/// A spec after name resolution and type checking: what the verifier, the interpreter and the
/// compiler work from.
public struct CheckedSpec: Sendable {
    public var app: String
    public var file: String
    public var services: [ServiceInfo]
    public var states: [StateVar]
    public var rules: [Rule]
    public var invariants: [Invariant]
    /// String literals of the spec; literal i is encoded as `literalCode(i)`.
    public var literals: [String]

    /// The distinct non-empty prefixes of `starts with` tests, in order of appearance.
    public var prefixes: [String] = []

    /// The imported schema files, for readers of wire messages (embedded in the compiled spec).
    public var schemaSources = SchemaSources()

    public static func literalCode(_ index: Int) -> Int { -1_000_000 - index }

    /// How string values relate to the prefixes tested on them.
    public var strings: StringPrefixInterpretation { StringPrefixInterpretation(literals: literals, prefixes: prefixes) }

    public func service(_ name: String) -> ServiceInfo? { services.first { $0.name == name } }

    public func method(_ id: MessageID) -> MethodInfo? { service(id.service)?.methods[id.method] }

    public func state(_ qualifiedName: String) -> StateVar? { states.first { $0.qualifiedName == qualifiedName } }

    /// Who may send a request `id` (services with a rule sending it, and `external` when the
    /// serving service is external); for a response, the service answering it.
    public func senders(of id: MessageID) -> [String] {
        if id.kind == .response { return [id.service] }
        var result = callers(of: id)
        if service(id.service)?.external == true { result.append(CheckedSpec.externalClient) }
        return result
    }

    /// Services whose rules send a request `id`, in declaration order.
    public func callers(of id: MessageID) -> [String] {
        let request = MessageID(service: id.service, method: id.method, kind: .request)
        return services.map(\.name).filter { name in
            rules.contains { rule in
                rule.service == name && rule.actions.contains { if case .send(let sent, _) = $0 { return sent == request } else { return false } }
            }
        }
    }

    /// The name used for clients outside the application.
    public static let externalClient = "client"

    /// A readable form of a value of the given type.
    public func render(_ value: Value, as type: ValueType) -> String {
        switch type {
        case .bool: return String(value.boolValue)
        case .int: return String(value.intValue)
        case .string:
            let index = CheckedSpec.literalCode(0) - value.intValue
            if index >= 0, index < literals.count { return "\"\(literals[index])\"" }
            if let prefix = strings.longestPrefix(of: value.intValue) { return "\"\(prefix)…\"#\(value.intValue)" }
            return "str#\(value.intValue)"
        case .sort(let name):
            return "\(name)#\(value.intValue)"
        }
    }
}
