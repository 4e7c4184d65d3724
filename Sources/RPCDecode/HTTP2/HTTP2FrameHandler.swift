/// The meaning layer above `HTTP2FrameDecoder`: receives the frames of one direction, header
/// blocks already HPACK-decoded and padding removed. gRPC (`GRPCConnectionDecoder`) is one.
protocol HTTP2FrameHandler {
    /// A complete header block (HEADERS + CONTINUATION) for `stream`; `endOffset` is the stream
    /// offset of the block's last frame's last byte. The handler may keep the block by swapping
    /// it for storage it is done with, which the decoder empties and refills with the next block.
    mutating func headers<Sink: MessageSink>(_ headers: inout Metadata, stream: UInt32, endStream: Bool, endOffset: UInt64,
                                             direction: Direction, sink: inout Sink) throws(DecodeError)
    /// A DATA frame's payload without padding; `payloadOffset` is the stream offset of its first byte.
    mutating func data<Sink: MessageSink>(_ payload: UnsafeRawBufferPointer, stream: UInt32, endStream: Bool,
                                          payloadOffset: UInt64, frameEndOffset: UInt64,
                                          direction: Direction, sink: inout Sink) throws(DecodeError)
    /// RST_STREAM: `offset` and `endOffset` are the frame's first and last byte.
    mutating func resetStream<Sink: MessageSink>(_ stream: UInt32, errorCode: UInt32, offset: UInt64, endOffset: UInt64,
                                                 direction: Direction, sink: inout Sink) throws(DecodeError)
    /// GOAWAY: its sender processed no stream the receiver initiated above `lastStreamID` and
    /// ignores their frames from now on (RFC 9113 §6.8).
    mutating func goAway<Sink: MessageSink>(lastStreamID: UInt32, errorCode: UInt32, offset: UInt64, endOffset: UInt64,
                                            direction: Direction, sink: inout Sink) throws(DecodeError)
}
