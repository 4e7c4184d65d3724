/// A source of empty packet buffers, for operators that make frames (packetize, resets, copies).
public protocol BufferAllocator {
    /// An empty buffer with headroom before its data, or nil when exhausted.
    func allocate() -> PacketBuffer?
}

extension MemoryPool: BufferAllocator {}

extension BufferAllocator {
    /// A new buffer holding a copy of `source`'s frame; nil when exhausted or it does not fit.
    @inlinable
    public func copy(of source: PacketBuffer) -> PacketBuffer? {
        guard var b = allocate() else { return nil }
        guard b.extend(by: Int(source.length)) else {
            b.release()
            return nil
        }
        b.data.copyMemory(from: source.data, byteCount: Int(source.length))
        return b
    }
}
