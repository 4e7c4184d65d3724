/// A field path compiled against a schema: the field numbers from the top-level message down to
/// a leaf field, and the leaf's declaration (to interpret its wire value).
public struct ProtobufFieldPath: Sendable, Hashable {
    public var numbers: [Int32]
    public var leaf: ProtobufField
}
