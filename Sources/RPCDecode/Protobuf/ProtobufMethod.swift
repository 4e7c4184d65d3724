/// One RPC method of a service in a loaded schema: what its request and response messages are.
public struct ProtobufMethod: Sendable, Hashable {
    /// `pkg.Service`.
    public var service: String
    public var name: String
    /// Indexes into `ProtobufSchema.messages`.
    public var inputType: Int
    public var outputType: Int
    public var clientStreaming: Bool
    public var serverStreaming: Bool
}
