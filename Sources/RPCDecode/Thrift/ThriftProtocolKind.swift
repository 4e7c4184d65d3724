/// Which Thrift protocol and transport a connection uses, detected from its first bytes.
public struct ThriftProtocolKind: Sendable, Hashable {
    /// Compact protocol (first byte 0x82) rather than strict binary (0x80 0x01).
    public var isCompact: Bool
    /// Framed transport: each message preceded by its 4-byte length.
    public var isFramed: Bool

    public init(isCompact: Bool, isFramed: Bool) {
        self.isCompact = isCompact
        self.isFramed = isFramed
    }

    public var payloadEncoding: PayloadEncoding { isCompact ? .thriftCompact : .thriftBinary }
}
