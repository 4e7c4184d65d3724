/// An enum type in a loaded schema: value names by number.
public struct ProtobufEnumType: Sendable, Hashable {
    public var fullName: String
    public var names: [Int32: String]
}
