import RPCDecode

/// How the enforcer names the messages one service of a policy serves (its RPCs, HTTP routes or
/// Redis commands) and finds their checks. A connection looks it up once, when it is classified
/// or the policy changes, so naming a message hashes at most the method's name.
struct ServedMethods: Sendable {
    /// The package-qualified protobuf service the service implements (gRPC), and its last
    /// component (the Thrift service).
    var schemaService: String?
    var thriftService: String?
    var routes: [RouteTemplate] = []
    /// Redis: command name → number of arguments after the name.
    var commands: [String: Int] = [:]
    /// Per method: the positions in the policy's checks of its request and of its response.
    var checks: [String: ApplicationPolicy.MethodChecks] = [:]

    /// The spec's name for `message`: its method (RPC name, HTTP route name, Redis command), nil
    /// when the service has no such method (a message no model knows).
    func method(of message: RPCMessage, http: HTTPMessageParts?) -> String? {
        switch message.wire {
        case .grpc:
            return schemaService == message.service ? message.method : nil
        case .thrift:
            return thriftService == message.service ? message.method : nil
        case .http1, .http2:
            guard let http else { return nil }
            return routes.first { $0.matches(verb: http.verb, segments: http.pathSegments) }?.name
        case .redis:
            return commands[message.method] != nil ? message.method : nil
        }
    }
}
