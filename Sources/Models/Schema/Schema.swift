/// Everything imported from a spec's schema files: services and messages by full name.
public struct Schema: Sendable {
    public var services: [String: SchemaService] = [:]
    public var messages: [String: SchemaMessage] = [:]
    /// The files the names came from, for decoding messages on the wire.
    public var sources = SchemaSources()

    public init() {}

    mutating func merge(_ other: Schema) {
        services.merge(other.services) { first, _ in first }
        messages.merge(other.messages) { first, _ in first }
        sources.merge(other.sources)
    }
}
