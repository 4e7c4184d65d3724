import ThriftSchema

/// A connection decoder of any supported protocol, chosen at run time (by port configuration or
/// `ProtocolDetector`): an enum, so dispatch is a switch, not an existential. Each case holds its
/// decoder in a `ConnectionDecoderBox`, fed in place: copies of an `AnyConnectionDecoder` share
/// one connection's decoding state.
public enum AnyConnectionDecoder: ConnectionDecoder {
    case grpc(ConnectionDecoderBox<GRPCConnectionDecoder>)
    case http1(ConnectionDecoderBox<HTTP1ConnectionDecoder>)
    case redis(ConnectionDecoderBox<RedisConnectionDecoder>)
    case thrift(ConnectionDecoderBox<ThriftConnectionDecoder>)

    /// A fresh decoder for `wire` (`.http2` and `.grpc` share the HTTP/2 decoder).
    public init(for wire: RPCProtocol, thriftIDL: ThriftIDL = ThriftIDL(), limits: DecodeLimits = DecodeLimits()) {
        switch wire {
        case .grpc, .http2: self = .grpc(ConnectionDecoderBox(GRPCConnectionDecoder(limits: limits)))
        case .http1: self = .http1(ConnectionDecoderBox(HTTP1ConnectionDecoder(limits: limits)))
        case .redis: self = .redis(ConnectionDecoderBox(RedisConnectionDecoder(limits: limits)))
        case .thrift: self = .thrift(ConnectionDecoderBox(ThriftConnectionDecoder(idl: thriftIDL, limits: limits)))
        }
    }

    public mutating func feed<Sink: MessageSink>(_ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                                                 from direction: Direction, into sink: inout Sink) throws(DecodeError) {
        switch self {
        case .grpc(let box): try box.decoder.feed(bytes, at: offset, from: direction, into: &sink)
        case .http1(let box): try box.decoder.feed(bytes, at: offset, from: direction, into: &sink)
        case .redis(let box): try box.decoder.feed(bytes, at: offset, from: direction, into: &sink)
        case .thrift(let box): try box.decoder.feed(bytes, at: offset, from: direction, into: &sink)
        }
    }

    public mutating func finish<Sink: MessageSink>(_ direction: Direction, into sink: inout Sink) throws(DecodeError) {
        switch self {
        case .grpc(let box): try box.decoder.finish(direction, into: &sink)
        case .http1(let box): try box.decoder.finish(direction, into: &sink)
        case .redis(let box): try box.decoder.finish(direction, into: &sink)
        case .thrift(let box): try box.decoder.finish(direction, into: &sink)
        }
    }
}
