/// `path: type` inside a route or a `refine` block.
public struct FieldDeclSyntax: Sendable, Hashable {
    public var path: [String]
    public var type: TypeSyntax
    public var location: SourceLocation
}
