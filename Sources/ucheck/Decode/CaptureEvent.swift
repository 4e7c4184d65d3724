import RPCDecode

/// What `ucheck decode` reports: a decoded message or a connection that could not be decoded.
struct CaptureEvent {
    /// Capture time of the packet that completed the message (or showed the error).
    var time: Double
    /// `client → server` addresses of the connection.
    var client: String
    var server: String
    var message: MessageRecord?
    /// The full decode with the schemas given; nil if the payload did not decode (see `problem`).
    var fields: [DecodedField]?
    /// A decode error: of the stream (the connection is not followed further) or of the payload.
    var problem: String?
}
