/// A type as written: `int`, `bool`, `string`, a declared sort, `set<T>`, `map<K, V>`.
public struct TypeSyntax: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var arguments: [TypeSyntax]
    public var location: SourceLocation

    public var description: String {
        arguments.isEmpty ? name : "\(name)<\(arguments.map(\.description).joined(separator: ", "))>"
    }
}
