/// `model SERVICE { state ...; rule ... }`.
public struct ModelSyntax: Sendable, Hashable {
    public var service: String
    public var states: [StateDeclSyntax]
    public var rules: [RuleSyntax]
    public var location: SourceLocation
}
