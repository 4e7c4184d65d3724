/// One field of a schema message (protobuf field or HTTP route field).
public struct SchemaField: Sendable, Hashable {
    public var name: String
    public var type: SchemaFieldType
    /// Repeated fields cannot be addressed by predicates (the models have no lists).
    public var repeated: Bool
}
