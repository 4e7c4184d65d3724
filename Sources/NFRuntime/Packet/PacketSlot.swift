/// One entry of a batch: the frame, its metadata and the offsets of its parsed headers.
///
/// `headerOffsets[d]` is the offset from `buffer.storage` of the header at stack depth `d`
/// (1 = the first parsed header); offsets are from the buffer's start, so growing the frame at
/// its front does not move them. Depth is bounded by `PacketSlot.maxDepth`.
@frozen
public struct PacketSlot {
    public var buffer: PacketBuffer
    public var metadata: PacketMetadata
    public var headerOffsets: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16)

    /// Deepest header stack a packet can carry (Ethernet, 2×VLAN, IP, transport and 3 more).
    public static let maxDepth = 7

    @inlinable
    public init(buffer: PacketBuffer, metadata: PacketMetadata) {
        self.buffer = buffer
        self.metadata = metadata
        self.headerOffsets = (buffer.dataOffset, 0, 0, 0, 0, 0, 0, 0)
    }

    /// Offset of the header at `depth` (0 is the frame start).
    @inlinable
    public func headerOffset(_ depth: Int) -> Int {
        withUnsafeBytes(of: headerOffsets) { Int($0.load(fromByteOffset: depth &* 2, as: UInt16.self)) }
    }

    @inlinable
    public mutating func setHeaderOffset(_ depth: Int, _ offset: Int) {
        withUnsafeMutableBytes(of: &headerOffsets) { $0.storeBytes(of: UInt16(truncatingIfNeeded: offset), toByteOffset: depth &* 2, as: UInt16.self) }
    }
}
