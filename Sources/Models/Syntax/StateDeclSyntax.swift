/// `state NAME: TYPE` inside a model.
public struct StateDeclSyntax: Sendable, Hashable {
    public var name: String
    public var type: TypeSyntax
    public var location: SourceLocation
}
