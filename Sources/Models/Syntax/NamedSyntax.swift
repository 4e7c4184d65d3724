/// A name (or import path) with where it was written: `sort User`, `import "x.proto"`.
public struct NamedSyntax: Sendable, Hashable {
    public var name: String
    public var location: SourceLocation
}
