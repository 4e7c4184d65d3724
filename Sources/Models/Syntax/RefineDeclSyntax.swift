/// `refine PKG.Message { path: Sort }`: gives schema string fields a sort such as User or Key.
public struct RefineDeclSyntax: Sendable, Hashable {
    public var message: [String]
    public var fields: [FieldDeclSyntax]
    public var location: SourceLocation
}
