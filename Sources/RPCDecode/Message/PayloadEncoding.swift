/// How a message's payload bytes are encoded: which full decoder or fast-path scanner reads them.
public enum PayloadEncoding: String, Sendable, Hashable, Codable {
    /// A protobuf message (gRPC, after decompression).
    case protobuf
    /// A Thrift struct in the binary protocol (the arguments or result struct after the message header).
    case thriftBinary
    /// A Thrift struct in the compact protocol.
    case thriftCompact
    /// A RESP value: the command array or the reply.
    case resp
    /// An HTTP body with `application/json`.
    case json
    /// An HTTP body with `application/x-www-form-urlencoded`.
    case form
    /// Anything else, or no body.
    case opaque
}
