/// One field of a fully decoded message: its schema name, its number on the wire, and its value.
public struct DecodedField: Sendable, Hashable {
    /// The schema's name; empty for unknown fields. Positional fields (Redis arguments) are "0", "1", ….
    public var name: String
    /// Protobuf field number, Thrift field id, or argument position.
    public var number: Int
    public var value: FieldValue

    public init(name: String, number: Int, value: FieldValue) {
        self.name = name
        self.number = number
        self.value = value
    }
}
