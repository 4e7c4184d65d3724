/// What role a message plays in its call.
///
/// gRPC: the HEADERS opening a stream and its first message are a `request`/`response`; every
/// further message on the stream is a `streamMessage`; the final HEADERS with `grpc-status` are
/// `trailers`. Thrift `ONEWAY` calls are requests; Thrift `EXCEPTION` replies are responses with a
/// status. Redis push messages (RESP3 `>`) are `streamMessage`s.
public enum MessageKind: String, Sendable, Hashable, Codable {
    case request
    case response
    case streamMessage = "stream-message"
    case trailers
}
