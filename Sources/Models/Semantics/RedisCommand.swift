/// A Redis command of a `redis` service: the names of its arguments in wire order (field i is
/// argument i after the command name). A command with another number of arguments is not this
/// command.
public struct RedisCommand: Sendable, Hashable, Codable {
    public var arguments: [String]
}
