/// A state variable of a service's model, named `service.name` in the checked spec.
public struct StateVar: Sendable, Hashable {
    public var service: String
    public var name: String
    public var type: StateType
    public var location: SourceLocation

    public var qualifiedName: String { "\(service).\(name)" }
}
