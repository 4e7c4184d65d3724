/// `invariant NAME: [forall v: T, ... .] never EVENT (or EVENT)* [unless earlier EVENT (or EVENT)*]`.
public struct InvariantSyntax: Sendable, Hashable {
    public var name: String
    public var binders: [BinderSyntax]
    public var never: [EventSyntax]
    public var unlessEarlier: [EventSyntax]
    public var location: SourceLocation
}
