/// One connection as a `window` follows it: both directions and what became of the connection.
@usableFromInline
struct WindowFlow {
    /// The connection as its first packet named it (client → server when the SYN was seen).
    @usableFromInline var connection: FlowKey
    @usableFromInline var client = ReassemblyDirection()
    @usableFromInline var server = ReassemblyDirection()
    @usableFromInline var lastSeen: UInt64
    /// Killed (a drop verdict or a fail-closed anomaly): its packets are dropped until it lingers
    /// out (`WindowLimits.closedFlowLinger`) or a new SYN reuses the addresses.
    @usableFromInline var dead = false
    /// Ended (both FINs delivered, or an accepted RST): its late packets (retransmissions, last
    /// ACKs) are forwarded and never stream data, until it lingers out or a new SYN reuses it.
    @usableFromInline var closed = false

    @inlinable init(connection: FlowKey, lastSeen: UInt64) {
        self.connection = connection
        self.lastSeen = lastSeen
    }

    /// Runs `body` on the direction of a packet (`response`: server → client) and the other one.
    @inlinable
    mutating func withDirections<R>(response: Bool, _ body: (inout ReassemblyDirection, inout ReassemblyDirection) -> R) -> R {
        response ? body(&server, &client) : body(&client, &server)
    }
}
