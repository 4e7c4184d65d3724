import RPCDecode

/// How the enforcer names the messages one service of a policy serves (its RPCs, HTTP routes or
/// Redis commands) and finds their checks. A connection looks it up once, when it is classified
/// or the policy changes, so naming a message hashes at most the method's name. A class, so the
/// packet path holds one reference to its tables instead of copying them per message.
final class ServedMethods: Sendable {
    /// One method of the service, as a message resolves to it. A class: resolving a message
    /// hands out a reference, not a copy of the name.
    final class Method: Sendable {
        /// The spec's name: RPC name, HTTP route name or Redis command.
        let name: String
        /// Redis: the number of arguments after the command name; nil for other protocols.
        let arguments: Int?
        /// Positions in the policy's checks of its request and response (none when no model
        /// sends or receives it).
        let checks: ApplicationPolicy.MethodChecks

        init(name: String, arguments: Int?, checks: ApplicationPolicy.MethodChecks) {
            self.name = name
            self.arguments = arguments
            self.checks = checks
        }
    }

    /// The package-qualified protobuf service the service implements (gRPC), and its last
    /// component (the Thrift service).
    let schemaService: String?
    let thriftService: String?
    let routes: [RouteTemplate]
    /// Every method with checks or (Redis) a declaration, by name.
    private let methods: [String: Method]

    init(schemaService: String? = nil, routes: [RouteTemplate] = [], commands: [String: Int] = [:],
         checks: [String: ApplicationPolicy.MethodChecks] = [:]) {
        self.schemaService = schemaService
        thriftService = schemaService?.split(separator: ".").last.map(String.init)
        self.routes = routes
        var methods: [String: Method] = [:]
        for name in Set(commands.keys).union(checks.keys) {
            methods[name] = Method(name: name, arguments: commands[name], checks: checks[name] ?? ApplicationPolicy.MethodChecks())
        }
        self.methods = methods
    }

    /// Redis: the commands the service declares.
    var commandNames: [String] { methods.values.filter { $0.arguments != nil }.map(\.name) }

    /// The method `message` is (RPC, HTTP route, Redis command), nil when the service has no such
    /// method (a message no model knows). `http` holds an HTTP message's parsed parts.
    func method(of message: borrowing RPCMessage, http: HTTPMessageParts?) -> Method? {
        switch message.wire {
        case .grpc:
            return schemaService == message.service ? method(named: message.method) : nil
        case .thrift:
            return thriftService == message.service ? method(named: message.method) : nil
        case .http1, .http2:
            guard let http, let route = routes.first(where: { $0.matches(verb: http.verb, segments: http.pathSegments) }) else { return nil }
            return method(named: route.name)
        case .redis:
            return methods[message.method].flatMap { $0.arguments == nil ? nil : $0 }
        }
    }

    /// An RPC or route the schema or templates have: known, with its checks if any model uses it.
    private func method(named name: String) -> Method {
        methods[name] ?? Method(name: name, arguments: nil, checks: ApplicationPolicy.MethodChecks())
    }
}
