/// An owned copy of an `RPCMessage` (the payload copied): what logs and the debugger keep.
/// `SchemaRegistry.decodeFields` gives its full decode.
public struct MessageRecord: Sendable, Hashable {
    public var wire: RPCProtocol
    public var service: String
    public var method: String
    public var kind: MessageKind
    public var direction: Direction
    public var streamID: UInt64
    public var endOffset: UInt64
    public var metadata: Metadata
    public var status: RPCStatus?
    public var payloadEncoding: PayloadEncoding
    public var payload: [UInt8]

    public init(_ message: borrowing RPCMessage) {
        wire = message.wire
        service = message.service
        method = message.method
        kind = message.kind
        direction = message.direction
        streamID = message.streamID
        endOffset = message.endOffset
        metadata = message.metadata
        status = message.status
        payloadEncoding = message.payloadEncoding
        payload = Array(message.payload)
    }
}
