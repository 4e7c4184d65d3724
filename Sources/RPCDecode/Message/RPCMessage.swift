/// One decoded RPC message, as a decoder hands it to its `MessageSink`.
///
/// The one model for every protocol. `payload` points into the decoder's input or its reassembly
/// buffer and is valid only during `MessageSink.receive`; everything else is owned. Use
/// `MessageRecord(self, …)` to keep a message (logs, the debugger), and the fast-path scanners
/// (`ProtobufScanner`, `ThriftScanner`, `RESPScanner`) to read fields from `payload` without
/// allocating.
///
/// Noncopyable: a message lives for one `receive` call, is built once and borrowed by everything
/// that reads it, never copied (a copy retained and released every string and array of it).
public struct RPCMessage: ~Copyable {
    public var wire: RPCProtocol
    /// gRPC: the fully qualified service (`pkg.Service`); Thrift: the service from the IDL if
    /// known; HTTP: the `Host`/`:authority`; Redis: "redis".
    public var service: String
    /// gRPC/Thrift: the method name; HTTP: `METHOD /path` on requests; Redis: the command name
    /// upper-cased. Responses carry their request's method.
    public var method: String
    public var kind: MessageKind
    public var direction: Direction
    /// HTTP/2 stream id; Thrift sequence id; HTTP/1.1 and Redis: the request's ordinal on the
    /// connection (0, 1, …), which its response shares.
    public var streamID: UInt64
    /// The stream offset (of this direction) of the message's last byte.
    public var endOffset: UInt64
    public var metadata: Metadata
    public var status: RPCStatus?
    public var payloadEncoding: PayloadEncoding
    /// The message body (decompressed): valid only during `MessageSink.receive`.
    public var payload: UnsafeRawBufferPointer
    /// Redis requests: where the command's name and first arguments lie in `payload`, as framing
    /// found them (read arguments through it: it scans only what it did not record).
    public var respArguments: RESPArguments

    public init(wire: RPCProtocol, service: String, method: String,
                kind: MessageKind, direction: Direction, streamID: UInt64, endOffset: UInt64,
                metadata: Metadata = Metadata(), status: RPCStatus? = nil,
                payloadEncoding: PayloadEncoding = .opaque,
                payload: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
                respArguments: RESPArguments = RESPArguments()) {
        self.wire = wire
        self.service = service
        self.method = method
        self.kind = kind
        self.direction = direction
        self.streamID = streamID
        self.endOffset = endOffset
        self.metadata = metadata
        self.status = status
        self.payloadEncoding = payloadEncoding
        self.payload = payload
        self.respArguments = respArguments
    }
}
