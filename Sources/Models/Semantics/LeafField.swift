/// A scalar field of a message addressed by its dotted path (`form.user`, `request.key`).
public struct LeafField: Sendable, Hashable, Codable {
    public var path: String
    public var type: ValueType

    /// The request a message belongs to: every message carries the trace id of the request that
    /// caused it (external requests start new traces; a rule's sends and replies inherit the
    /// received message's). `$` cannot be written in a spec, so it never clashes with a field.
    public static let trace = LeafField(path: "$trace", type: .sort("$Trace"))
}
