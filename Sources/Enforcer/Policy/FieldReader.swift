import Models
import RPCDecode

/// How one field path of a message type is read from a decoded message on the wire; chosen when
/// the policy is built, from the protocol, the schema and the path's form.
enum FieldReader: Sendable {
    /// A protobuf field (gRPC); an absent scalar reads as its proto3 default.
    case protobuf(ProtobufFieldPath, ValueType)
    /// A Thrift field by ids, in the arguments or result struct.
    case thrift([Int16], ValueType)
    /// HTTP `form.X`: a field of an `application/x-www-form-urlencoded` body.
    case form(String, ValueType)
    /// HTTP `path.X`: the segment of the request path where the route template has `{X}`.
    case pathSegment(Int, ValueType)
    /// HTTP `header.X`: a request or response header (lower-case name).
    case header(String, ValueType)
    /// HTTP bare `X`: the top-level (dotted: nested) field of a JSON body, or the query
    /// parameter `X` when the body is not JSON.
    case bodyOrQuery([String], ValueType)
    /// Redis: argument `index` of a command (1 = the first after the command name).
    case redisArgument(Int, ValueType)
    /// Redis: `reply` of a command's response, the reply's scalar value (an error reply has none).
    case redisReply(ValueType)
    /// `status` of an HTTP response: the status code.
    case httpStatus
    /// `$trace`: the W3C trace id of the message (the request id).
    case trace
    /// `request.X` of a response: field `X` of the request it answers, saved when the request passed.
    case request(String)
    /// A path the message type does not have: always missing.
    case missing
}
