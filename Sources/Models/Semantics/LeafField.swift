/// A scalar field of a message addressed by its dotted path (`form.user`, `request.key`).
public struct LeafField: Sendable, Hashable, Codable {
    public var path: String
    public var type: ValueType
}
