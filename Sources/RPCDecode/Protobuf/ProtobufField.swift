/// One field of a message type in a loaded schema.
public struct ProtobufField: Sendable, Hashable {
    public var name: String
    public var number: Int32
    public var type: ProtobufFieldType
    public var isRepeated: Bool
    /// Index into `ProtobufSchema.messages` for message, group and map fields.
    public var messageType: Int?
    /// Index into `ProtobufSchema.enums` for enum fields.
    public var enumType: Int?
    /// Whether this is a `map<K, V>` field (repeated, of a map-entry message type).
    public var isMap: Bool
    /// The `oneof` it belongs to, if any.
    public var oneof: String?
}
