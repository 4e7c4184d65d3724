/// A parsed `.ucheck` file before name resolution.
public struct SpecSyntax: Sendable, Hashable {
    public var file: String
    public var app: String
    public var imports: [NamedSyntax]
    public var sorts: [NamedSyntax]
    public var services: [ServiceDeclSyntax]
    public var routes: [RouteDeclSyntax]
    public var commands: [CommandDeclSyntax]
    public var refinements: [RefineDeclSyntax]
    public var models: [ModelSyntax]
    public var invariants: [InvariantSyntax]
}
