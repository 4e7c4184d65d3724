/// The HTTP method and path template of a route declared in the spec.
public struct HTTPRoute: Sendable, Hashable, Codable {
    public var verb: String
    public var path: String
}
