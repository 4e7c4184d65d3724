/// `service NAME PROTOCOL at "HOST:PORT" [schema PKG.SERVICE] [external]`.
public struct ServiceDeclSyntax: Sendable, Hashable {
    public var name: String
    public var proto: String
    public var address: String
    public var schema: [String]?
    public var external: Bool
    public var location: SourceLocation
}
