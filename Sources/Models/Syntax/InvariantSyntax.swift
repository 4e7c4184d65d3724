/// `invariant NAME [per request]: [forall v: T, ... .] never EVENT (or EVENT)* [unless earlier EVENT (or EVENT)*]`.
public struct InvariantSyntax: Sendable, Hashable {
    public var name: String
    /// Scoped per request: every event must belong to the same request (trace id).
    public var perRequest: Bool
    public var binders: [BinderSyntax]
    public var never: [EventSyntax]
    public var unlessEarlier: [EventSyntax]
    public var location: SourceLocation
}
