/// The outcome a response carries: gRPC `grpc-status`/`grpc-message`, an HTTP status line,
/// a Thrift exception, or a Redis error reply.
public struct RPCStatus: Sendable, Hashable, Codable {
    /// The protocol's numeric code (gRPC status code, HTTP status, Thrift `TApplicationException`
    /// type; Redis errors use -1).
    public var code: Int
    /// The accompanying text (`grpc-message` percent-decoded, HTTP reason, exception message,
    /// Redis error string).
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    /// Whether the call succeeded by the protocol's own definition.
    public func isSuccess(for wire: RPCProtocol) -> Bool {
        switch wire {
        case .http1, .http2: return (200..<400).contains(code)
        case .grpc, .thrift: return code == 0
        case .redis: return code >= 0
        }
    }
}
