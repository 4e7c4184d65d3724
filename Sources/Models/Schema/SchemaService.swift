/// An RPC service of a schema (`package.Service`).
public struct SchemaService: Sendable, Hashable {
    public var fullName: String
    public var methods: [SchemaMethod]
}
