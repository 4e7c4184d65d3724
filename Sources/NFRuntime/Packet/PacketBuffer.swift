import CDPDK

/// One frame's bytes: a DPDK mbuf or a slot of a `MemoryPool`, seen through one plain window.
///
/// The runtime reads and writes frames only through this type, so operators never care where a
/// frame came from. `dataOffset`/`length` are the frame's window into `storage`; for an mbuf they
/// are copied from `data_off`/`data_len` on receive, and every change of the window is written
/// through to the mbuf at once (window changes are rare; transmit then needs no per-packet
/// write-back). Frames are single-segment: chained mbufs are linearised when materialised.
/// A buffer is owned by exactly one batch slot or queue at a time; `release()` returns it.
@frozen
public struct PacketBuffer {
    /// Start of the underlying buffer (mbuf `buf_addr` or the pool slot).
    public let storage: UnsafeMutableRawPointer
    /// Offset of the first frame byte from `storage`.
    public var dataOffset: UInt16
    /// Frame length in bytes.
    public var length: UInt16
    /// Bytes available from `storage` to the end of the buffer.
    public let capacity: UInt16
    /// Who gets the buffer back.
    public let owner: Owner

    /// Where a buffer returns to when released.
    @frozen
    public enum Owner {
        /// A DPDK mbuf (`struct rte_mbuf *`).
        case mbuf(OpaquePointer)
        /// Slot `slot` of a `MemoryPool`.
        case memory(UnsafeMutablePointer<MemoryPool.State>, slot: UInt32)
    }

    @inlinable
    public init(storage: UnsafeMutableRawPointer, dataOffset: UInt16, length: UInt16, capacity: UInt16, owner: Owner) {
        self.storage = storage
        self.dataOffset = dataOffset
        self.length = length
        self.capacity = capacity
        self.owner = owner
    }

    /// Wraps a single-segment mbuf as received from a port.
    @inlinable
    public init(mbuf: OpaquePointer) {
        self.init(storage: cdpdk_mbuf_buf_addr(mbuf), dataOffset: cdpdk_mbuf_data_off(mbuf),
                  length: cdpdk_mbuf_data_len(mbuf), capacity: cdpdk_mbuf_buf_len(mbuf), owner: .mbuf(mbuf))
    }

    /// Wraps an mbuf a port received. A chained (multi-segment) mbuf is first copied into one
    /// buffer from its own pool and the chain freed; nil (and the chain freed) when that fails.
    @inlinable
    public init?(receivedMbuf m: OpaquePointer) {
        guard cdpdk_mbuf_nb_segs(m) > 1 else {
            self.init(mbuf: m)
            return
        }
        let linear = cdpdk_mbuf_linearize_copy(m, cdpdk_mbuf_pool(m))
        cdpdk_mbuf_free(m)
        guard let linear else { return nil }
        self.init(mbuf: linear)
    }

    /// First byte of the frame.
    @inlinable
    public var data: UnsafeMutableRawPointer { storage + Int(dataOffset) }

    /// The frame's bytes.
    @inlinable
    public var bytes: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(start: data, count: Int(length)) }

    /// Bytes free before the frame.
    @inlinable
    public var headroom: Int { Int(dataOffset) }

    /// Bytes free after the frame.
    @inlinable
    public var tailroom: Int { Int(capacity) - Int(dataOffset) - Int(length) }

    /// Grows the frame by `count` bytes at its end; false (and unchanged) if there is no room.
    @inlinable
    public mutating func extend(by count: Int) -> Bool {
        guard count >= 0, count <= tailroom else { return false }
        length += UInt16(count)
        writeWindowThrough()
        return true
    }

    /// Shrinks the frame by `count` bytes at its end; false (and unchanged) if it is shorter.
    @inlinable
    public mutating func truncate(by count: Int) -> Bool {
        guard count >= 0, count <= Int(length) else { return false }
        length -= UInt16(count)
        writeWindowThrough()
        return true
    }

    /// Grows the frame by `count` bytes at its front (into the headroom).
    @inlinable
    public mutating func prepend(_ count: Int) -> Bool {
        guard count >= 0, count <= headroom else { return false }
        dataOffset -= UInt16(count)
        length += UInt16(count)
        writeWindowThrough()
        return true
    }

    /// Removes `count` bytes from the frame's front.
    @inlinable
    public mutating func trimFront(_ count: Int) -> Bool {
        guard count >= 0, count <= Int(length) else { return false }
        dataOffset += UInt16(count)
        length -= UInt16(count)
        writeWindowThrough()
        return true
    }

    /// Keeps an mbuf's own window equal to this one (memory buffers have no other copy).
    @inlinable
    func writeWindowThrough() {
        if case .mbuf(let m) = owner { cdpdk_mbuf_set_window(m, dataOffset, length) }
    }

    /// Adds `count` references, so the same frame can be transmitted `count` more times
    /// (flooding). Each transmit or `release()` drops one.
    @inlinable
    public func retain(_ count: Int) {
        guard count > 0 else { return }
        switch owner {
        case .mbuf(let m): cdpdk_mbuf_refcnt_add(m, Int16(count))
        case .memory(let pool, let slot): pool.pointee.references[Int(slot)] += UInt16(count)
        }
    }

    /// Drops one reference; the buffer returns to its pool when none remain.
    @inlinable
    public func release() {
        switch owner {
        case .mbuf(let m): cdpdk_mbuf_free(m)
        case .memory(let pool, let slot): MemoryPool.release(slot: slot, in: pool)
        }
    }

    /// The mbuf behind this buffer, if it is one.
    @inlinable
    public var mbuf: OpaquePointer? {
        if case .mbuf(let m) = owner { return m }
        return nil
    }
}
