/// A message type in a loaded schema: its fields by number.
public struct ProtobufMessageType: Sendable, Hashable {
    /// Fully qualified, without a leading dot (`pkg.Outer.Inner`).
    public var fullName: String
    public var fields: [ProtobufField]
    /// Whether this is a synthesized map-entry type (`key` = 1, `value` = 2).
    public var isMapEntry: Bool
    /// Field index in `fields` by field number.
    @usableFromInline var fieldIndex: [Int32: Int]

    /// The field numbered `number`, if the type declares it.
    @inlinable public func field(number: Int32) -> ProtobufField? {
        fieldIndex[number].map { fields[$0] }
    }

    /// The field named `name`, if the type declares it.
    public func field(named name: String) -> ProtobufField? {
        fields.first { $0.name == name }
    }
}
