/// `route SERVICE.NAME VERB "/path" { fields } [returns { fields }]`: one HTTP endpoint of a service.
public struct RouteDeclSyntax: Sendable, Hashable {
    public var service: String
    public var name: String
    public var verb: String
    public var path: String
    public var fields: [FieldDeclSyntax]
    public var responseFields: [FieldDeclSyntax]
    public var location: SourceLocation
}
