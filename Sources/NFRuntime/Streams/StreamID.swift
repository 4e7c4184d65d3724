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
