/// An incremental decoder for one TCP connection of one protocol, fed each direction's in-order
/// bytes in arbitrary cuts.
///
/// Contract: `feed` takes the bytes of `direction` starting at stream `offset` (which must be the
/// offset after the previous feed of that direction), reports every message these bytes complete
/// to `sink` in order, and keeps any partial frame to resume with the next feed. A malformed or
/// over-limit stream throws `DecodeError` with its offset; the decoder then stays failed.
/// Concrete types are value-type state machines used as generic parameters (no existentials).
public protocol ConnectionDecoder {
    mutating func feed<Sink: MessageSink>(_ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                                          from direction: Direction, into sink: inout Sink) throws(DecodeError)
    /// `direction` ended (FIN). Reports a message the close completes (an HTTP/1.1 response
    /// delimited by the connection's end); throws `.truncated` if it ended inside a message.
    mutating func finish<Sink: MessageSink>(_ direction: Direction, into sink: inout Sink) throws(DecodeError)
}

extension ConnectionDecoder {
    /// Feeds an array (tests and tools).
    public mutating func feed<Sink: MessageSink>(_ bytes: [UInt8], at offset: UInt64, from direction: Direction,
                                                 into sink: inout Sink) throws(DecodeError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) in try feed(raw, at: offset, from: direction, into: &sink) }
        }
        try result.get()
    }
}
