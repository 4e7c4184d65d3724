/// What role a message plays in its call.
///
/// gRPC: the HEADERS opening a stream and its first message are a `request`/`response`; every
/// further message on the stream is a `streamMessage`; the final HEADERS with `grpc-status` are
/// `trailers`. Thrift `ONEWAY` calls are requests; Thrift `EXCEPTION` replies are responses with a
/// status. Redis push messages (RESP3 `>`) are `streamMessage`s.
///
/// HTTP/2 calls that end without their normal end get one more message, carrying no payload:
/// `reset` when either side reset the stream before the response ended (RST_STREAM: the call may
/// have been partly processed), `abandoned` when the server's GOAWAY declared that it never
/// processed the stream (RFC 9113 §6.8: the client may retry it on another connection).
public enum MessageKind: String, Sendable, Hashable, Codable {
    case request
    case response
    case streamMessage = "stream-message"
    case trailers
    case reset
    case abandoned
}
