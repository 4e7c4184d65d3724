/// A method of a service with the scalar leaves of its request and response. Response leaves
/// include the paired request's leaves under `request.` (a caller knows what it asked).
public struct MethodInfo: Sendable, Hashable {
    public var name: String
    public var requestLeaves: [LeafField]
    public var responseLeaves: [LeafField]
    /// Set for routes of HTTP services.
    public var http: HTTPRoute?
    /// Set for commands of Redis services.
    public var redis: RedisCommand?
    /// Field paths that exist but cannot be addressed (repeated fields, nesting beyond the limit).
    public var opaquePaths: Set<String>

    public func leaves(_ kind: MessageKind) -> [LeafField] { kind == .request ? requestLeaves : responseLeaves }
}
