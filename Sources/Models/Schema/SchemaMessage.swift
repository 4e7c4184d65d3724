/// A message type of a schema, by its fully qualified name (e.g. `kv.InsertRequest`).
public struct SchemaMessage: Sendable, Hashable {
    public var fullName: String
    public var fields: [SchemaField]
}
