/// `field.path: expr` in a `send` or `reply`.
public struct ArgumentSyntax: Sendable, Hashable {
    public var path: [String]
    public var value: ExprSyntax
    public var location: SourceLocation
}
