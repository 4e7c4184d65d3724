/// `name: Type` bound by `forall` in an invariant.
public struct BinderSyntax: Sendable, Hashable {
    public var name: String
    public var type: TypeSyntax
    public var location: SourceLocation
}
