/// Where one direction of an HTTP/1.1 connection is within the current message (RFC 9112 §6–§7).
enum HTTP1MessageState {
    /// Waiting for (the rest of) a start line and header fields.
    case head
    /// A body of known length (`Content-Length`): octets still to come.
    case body(remaining: Int)
    /// A chunked body: the next chunk-size line.
    case chunkSize
    /// Inside a chunk: octets still to come, then its CRLF.
    case chunkData(remaining: Int)
    /// The CRLF after a chunk's data.
    case chunkEnd
    /// Trailer fields after the last chunk, up to the blank line.
    case trailers
    /// A response body delimited by the connection closing (RFC 9112 §6.3 rule 8).
    case untilClose
}
