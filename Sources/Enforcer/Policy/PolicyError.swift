/// Why a compiled spec or an application binding cannot be enforced; the switch refuses to start
/// with it (or, on reload, keeps the policy it has) and prints this.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
