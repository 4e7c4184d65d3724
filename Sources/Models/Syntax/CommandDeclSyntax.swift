/// `command SERVICE.NAME { arguments } [returns { reply: TYPE }]`: one Redis command a service
/// accepts; the fields are the command's arguments in order.
public struct CommandDeclSyntax: Sendable, Hashable {
    public var service: String
    public var name: String
    public var arguments: [FieldDeclSyntax]
    public var responseFields: [FieldDeclSyntax]
    public var location: SourceLocation
    /// Where the command name starts, for diagnostics about the name.
    public var nameLocation: SourceLocation
}
