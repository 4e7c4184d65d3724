/// What a `window` hands contiguous TCP bytes to: the stream UDF of thesis ch. 3.1.1, and the
/// place the enforcer plugs into the switch (it decodes RPC messages from these bytes).
///
/// A concrete type used as a generic parameter: calls are static. Called on the core that owns
/// the flow, while the window processes one packet. Every byte a `consume` call hands over was
/// completed by that packet (it made the stream contiguous through those bytes), so the verdict
/// returned is the verdict of that packet; when one packet completes several ranges (it filled a
/// hole before buffered segments) the strongest verdict wins (drop over hold over forward).
public protocol StreamConsumer {
    /// A direction starts: `midStream` when the connection began before the window saw it (its
    /// bytes start wherever the first segment seen starts, not after a SYN).
    mutating func open(_ flow: StreamID, midStream: Bool)
    /// In-order bytes of one direction of `flow`, starting at stream `offset` (0 = first byte
    /// after the SYN, or the first byte seen for a picked-up connection). They are exactly the
    /// bytes the receiver will read: inconsistent copies are never delivered (`StreamAnomaly`).
    mutating func consume(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, of flow: StreamID) -> StreamVerdict
    /// One direction of `flow` ended; no more bytes will come for it.
    mutating func close(_ flow: StreamID, reason: StreamCloseReason)
}
