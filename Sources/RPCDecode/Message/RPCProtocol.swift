/// The wire protocol a message was decoded from.
public enum RPCProtocol: String, Sendable, Hashable, Codable {
    case grpc
    case http2
    case http1
    case thrift
    case redis
}
