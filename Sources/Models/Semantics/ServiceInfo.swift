/// A declared service: where it listens, how it talks, and its methods.
public struct ServiceInfo: Sendable, Hashable {
    public var name: String
    public var proto: String
    public var address: String
    public var schema: String?
    /// Clients outside the application may call it with any field values.
    public var external: Bool
    public var methods: [String: MethodInfo]
    public var location: SourceLocation
}
