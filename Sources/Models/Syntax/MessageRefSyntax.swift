/// `SERVICE.METHOD` naming an RPC method or an HTTP route of a declared service.
public struct MessageRefSyntax: Sendable, Hashable, CustomStringConvertible {
    public var service: String
    public var method: String
    public var location: SourceLocation
    /// Where the method name starts, for "unknown method" diagnostics.
    public var methodLocation: SourceLocation

    public var description: String { "\(service).\(method)" }
}
