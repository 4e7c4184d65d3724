/// One RPC method: request and response message names.
public struct SchemaMethod: Sendable, Hashable {
    public var name: String
    public var input: String
    public var output: String
}
