import ThriftSchema

/// A connection decoder of any supported protocol, chosen at run time (by port configuration or
/// `ProtocolDetector`): an enum, so dispatch is a switch, not an existential.
public enum AnyConnectionDecoder: ConnectionDecoder {
    case grpc(GRPCConnectionDecoder)
    case http1(HTTP1ConnectionDecoder)
    case redis(RedisConnectionDecoder)
    case thrift(ThriftConnectionDecoder)

    /// A fresh decoder for `wire` (`.http2` and `.grpc` share the HTTP/2 decoder).
    public init(for wire: RPCProtocol, thriftIDL: ThriftIDL = ThriftIDL(), limits: DecodeLimits = DecodeLimits()) {
        switch wire {
        case .grpc, .http2: self = .grpc(GRPCConnectionDecoder(limits: limits))
        case .http1: self = .http1(HTTP1ConnectionDecoder(limits: limits))
        case .redis: self = .redis(RedisConnectionDecoder(limits: limits))
        case .thrift: self = .thrift(ThriftConnectionDecoder(idl: thriftIDL, limits: limits))
        }
    }

    public mutating func feed<Sink: MessageSink>(_ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                                                 from direction: Direction, into sink: inout Sink) throws(DecodeError) {
        switch self {
        case .grpc(var d): defer { self = .grpc(d) }; try d.feed(bytes, at: offset, from: direction, into: &sink)
        case .http1(var d): defer { self = .http1(d) }; try d.feed(bytes, at: offset, from: direction, into: &sink)
        case .redis(var d): defer { self = .redis(d) }; try d.feed(bytes, at: offset, from: direction, into: &sink)
        case .thrift(var d): defer { self = .thrift(d) }; try d.feed(bytes, at: offset, from: direction, into: &sink)
        }
    }

    public mutating func finish<Sink: MessageSink>(_ direction: Direction, into sink: inout Sink) throws(DecodeError) {
        switch self {
        case .grpc(var d): defer { self = .grpc(d) }; try d.finish(direction, into: &sink)
        case .http1(var d): defer { self = .http1(d) }; try d.finish(direction, into: &sink)
        case .redis(var d): defer { self = .redis(d) }; try d.finish(direction, into: &sink)
        case .thrift(var d): defer { self = .thrift(d) }; try d.finish(direction, into: &sink)
        }
    }
}
