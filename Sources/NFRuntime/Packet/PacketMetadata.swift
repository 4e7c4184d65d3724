/// Per-packet facts that travel with a frame through an NF graph (thesis ch. 3.1.1 "metadata").
///
/// Fixed-size and stored inline in the batch slot, so setting it never allocates. `userTag` is
/// free for an NF's own use (e.g. a backend index chosen by a group-by closure).
@frozen
public struct PacketMetadata {
    /// The port the frame was received on.
    public var inputPort: UInt16 = 0
    /// Where a switching sink sends it: a port index, `PacketMetadata.flood`, or `.none`.
    public var outputPort: UInt16 = PacketMetadata.noPort
    /// Flow hash, when an operator computed one (0 otherwise).
    public var flowHash: UInt32 = 0
    /// Free for the NF.
    public var userTag: UInt64 = 0

    /// `outputPort` value meaning "every port but the input port".
    @inlinable public static var flood: UInt16 { 0xFFFE }
    /// `outputPort` value meaning "not decided": a switching sink drops such frames.
    @inlinable public static var noPort: UInt16 { 0xFFFF }

    @inlinable
    public init(inputPort: UInt16 = 0) { self.inputPort = inputPort }
}
