/// The named limits on untrusted input, each with the reason it exists.
public enum DecodeLimit: String, Sendable, Hashable, Codable {
    case maxMessageSize = "max message size"
    case maxHeaderListSize = "max header list size"
    case maxNestingDepth = "max nesting depth"
    case maxConcurrentStreams = "max streams per connection"
    case rapidReset = "HTTP/2 rapid-reset churn"
    case maxFrameSize = "max frame size"
    case maxHeaderTableSize = "max HPACK table size"
    case maxUnacknowledgedSettings = "max unacknowledged SETTINGS"
    case maxLineLength = "max line length"
    case maxElements = "max aggregate elements"
    case maxPipelinedRequests = "max pipelined requests"

    /// Why the limit exists.
    public var reason: String {
        switch self {
        case .maxMessageSize: return "a message is buffered whole before it is checked; bounds memory per stream"
        case .maxHeaderListSize: return "header blocks are buffered whole (RFC 9113 §6.5.2 SETTINGS_MAX_HEADER_LIST_SIZE)"
        case .maxNestingDepth: return "nested messages are decoded recursively; bounds stack use"
        case .maxConcurrentStreams: return "per-stream state is kept until the stream ends (RFC 9113 §5.1.2)"
        case .rapidReset: return "streams opened and reset at once cost the server work and nothing to the client (CVE-2023-44487)"
        case .maxFrameSize: return "a frame is buffered whole; bounds memory per direction (RFC 9113 §4.2)"
        case .maxHeaderTableSize: return "the HPACK dynamic table is kept per direction (RFC 7541 §4.2)"
        case .maxUnacknowledgedSettings: return "a SETTINGS frame is remembered until its ACK says from which frame on it applies (RFC 9113 §6.5.3)"
        case .maxLineLength: return "a line is buffered until its CRLF; bounds memory per direction"
        case .maxElements: return "an aggregate's element count is announced up front; bounds work and memory"
        case .maxPipelinedRequests: return "each request sent before its reply is remembered to pair them; bounds memory per connection"
        }
    }
}
