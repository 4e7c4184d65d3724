/// What a `window` hands contiguous TCP bytes to: the stream UDF of thesis ch. 3.1.1, and the
/// place the enforcer plugs into the switch (it decodes RPC messages from these bytes).
///
/// A concrete type used as a generic parameter: calls are static. Called on the core that owns
/// the flow, between the packet's arrival and its forwarding.
public protocol StreamConsumer {
    /// In-order bytes of one direction of `flow`, starting at stream `offset` (0 = first byte
    /// after the SYN, or the first byte seen for a picked-up connection). The returned verdict
    /// applies to the packet that made these bytes contiguous.
    mutating func consume(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, of flow: StreamID) -> StreamVerdict
    /// One direction of `flow` ended; no more bytes will come for it.
    mutating func close(_ flow: StreamID, reason: StreamCloseReason)
}

/// One direction of one TCP connection.
@frozen
public struct StreamID: Hashable, Sendable, CustomStringConvertible {
    /// The connection, as the first packet seen of it (client → server when the SYN was seen).
    public let connection: FlowKey
    /// Whether this is the reverse direction of `connection` (server → client).
    public let isResponse: Bool
    @inlinable public init(connection: FlowKey, isResponse: Bool) {
        self.connection = connection
        self.isResponse = isResponse
    }
    /// The key of packets travelling in this direction.
    @inlinable public var key: FlowKey { isResponse ? connection.reversed : connection }
    public var description: String { key.description }
}

/// What happens to the packet that completed a range of stream bytes.
@frozen
public enum StreamVerdict: Sendable {
    /// Send it on.
    case forward
    /// Keep it until released (debugger breakpoints).
    case hold
    /// Drop it (a violation: the receiver never gets the bytes whole).
    case drop
}

/// Why a stream direction ended.
@frozen
public enum StreamCloseReason: Sendable, Equatable {
    /// FIN seen and every byte before it delivered.
    case finished
    /// RST seen.
    case reset
    /// No packet for longer than the window's idle timeout.
    case idle
    /// A reassembly limit was hit; the stream can no longer be followed (the named limit).
    case limitExceeded(String)
    /// The flow was evicted to make room for a new one (flow table full).
    case evicted
}
