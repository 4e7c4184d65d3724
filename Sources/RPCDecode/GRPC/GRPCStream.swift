/// What a `GRPCConnectionDecoder` keeps about one HTTP/2 stream (one call) until both directions end.
/// A class: each frame of the call updates it in place in the call table, where a struct would be
/// copied out of the table and back for every frame. The table reuses the objects of ended calls
/// (`reset()`), so opening a call allocates none.
final class GRPCStream {
    /// `pkg.Service` and `Method` from `:path` `/pkg.Service/Method`; for plain HTTP/2, the
    /// authority and `METHOD /path`.
    var service = ""
    var method = ""
    /// Whether `content-type` is `application/grpc` or a `+suffix` variant; else plain HTTP/2.
    var isGRPC = false
    var payloadEncoding = PayloadEncoding.opaque
    /// The call's header blocks, taken from the frame decoder in exchange for the storage of the
    /// previous call's (which the decoder refills): no block is copied.
    var requestHeaders = Metadata()
    var responseHeaders = Metadata()
    var sawResponseHeaders = false
    /// `grpc-encoding` of each direction's messages.
    var compression = PerDirection(repeating: GRPCCompression.identity)
    var assemblers = PerDirection(repeating: GRPCMessageAssembler())
    var messageCounts = PerDirection(repeating: 0)
    var ended = PerDirection(repeating: false)
    /// Plain HTTP/2 bodies, delivered whole at END_STREAM.
    var bodies = PerDirection(repeating: [UInt8]())

    /// Makes the stream as a new one is, for another call: every property above back to its
    /// initial value (a property added above is reset here too); the headers keep their storage.
    func reset() {
        service = ""
        method = ""
        isGRPC = false
        payloadEncoding = .opaque
        requestHeaders.removeAll()
        responseHeaders.removeAll()
        sawResponseHeaders = false
        compression = PerDirection(repeating: .identity)
        assemblers = PerDirection(repeating: GRPCMessageAssembler())
        messageCounts = PerDirection(repeating: 0)
        ended = PerDirection(repeating: false)
        bodies = PerDirection(repeating: [])
    }
}

/// A gRPC message encoding (`grpc-encoding`).
enum GRPCCompression {
    case identity
    case zlib
    /// An encoding we cannot decode: its name, reported if a compressed message uses it.
    case unsupported(String)

    init(_ name: String?) {
        switch name {
        case nil, "identity": self = .identity
        case "gzip", "deflate": self = .zlib
        case let other?: self = .unsupported(other)
        }
    }
}
