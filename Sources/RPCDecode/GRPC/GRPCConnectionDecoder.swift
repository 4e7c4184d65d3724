/// Decodes one gRPC (or plain HTTP/2) connection: both directions' HTTP/2 frames, HPACK with one
/// dynamic table per direction, and the calls on its streams.
///
/// The enforcer keeps one per flow and feeds it from its `StreamConsumer`. After an error the
/// decoder stays failed and rethrows that error on every later feed.
public struct GRPCConnectionDecoder: ConnectionDecoder {
    private var frames: PerDirection<HTTP2FrameDecoder>
    private var calls: GRPCCallTable
    /// Each endpoint's SETTINGS and their ACKs: they bound the other direction's frames.
    private var settings: HTTP2SettingsExchange
    private var failure: DecodeError?

    public init(limits: DecodeLimits = DecodeLimits()) {
        frames = PerDirection(HTTP2FrameDecoder(direction: .clientToServer, limits: limits),
                              HTTP2FrameDecoder(direction: .serverToClient, limits: limits))
        calls = GRPCCallTable(limits: limits)
        settings = HTTP2SettingsExchange(limits: limits)
    }

    public mutating func feed<Sink: MessageSink>(_ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                                                 from direction: Direction, into sink: inout Sink) throws(DecodeError) {
        if let failure { throw failure }
        do {
            try frames[direction].feed(bytes, at: offset, settings: &settings, handler: &calls, sink: &sink)
        } catch {
            failure = error
            throw error
        }
    }

    public mutating func finish<Sink: MessageSink>(_ direction: Direction, into sink: inout Sink) throws(DecodeError) {
        if let failure { throw failure }
        if frames[direction].isMidFrame || calls.isMidMessage(direction) {
            throw DecodeError(wire: .grpc, direction: direction, offset: frames[direction].nextOffset, reason: .truncated)
        }
    }
}
