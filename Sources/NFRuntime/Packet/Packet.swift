/// A packet as a UDF sees it: the frame in a batch slot, typed by the headers parsed so far.
///
/// A `Packet` is a pointer to its slot, so it is free to pass and every change through it (header
/// fields, payload, metadata) lands in the batch. It is valid only during the call it is passed to.
@frozen
public struct Packet<Stack: HeaderStack> {
    @usableFromInline let slot: UnsafeMutablePointer<PacketSlot>

    @inlinable public init(slot: UnsafeMutablePointer<PacketSlot>) { self.slot = slot }

    /// The last parsed header.
    @inlinable public var header: Stack.Top {
        Stack.Top(at: slot.pointee.buffer.storage + slot.pointee.headerOffset(Stack.depth))
    }

    /// The same packet seen one layer down (e.g. the Ethernet header under IPv4).
    @inlinable public var lower: Packet<Stack.Below> { Packet<Stack.Below>(slot: slot) }

    /// Offset of the last parsed header from the frame start.
    @inlinable public var headerOffset: Int { slot.pointee.headerOffset(Stack.depth) - Int(slot.pointee.buffer.dataOffset) }

    /// Offset of the payload (the bytes after the last parsed header) from the frame start.
    @inlinable public var payloadOffset: Int { headerOffset + header.length }

    /// Bytes after the last parsed header up to the frame end.
    @inlinable public var payload: UnsafeMutableRawBufferPointer {
        let start = payloadOffset
        let count = max(0, Int(slot.pointee.buffer.length) - start)
        return UnsafeMutableRawBufferPointer(start: slot.pointee.buffer.data + start, count: count)
    }

    /// The whole frame.
    @inlinable public var frame: UnsafeMutableRawBufferPointer { slot.pointee.buffer.bytes }

    /// Frame length in bytes.
    @inlinable public var length: Int { Int(slot.pointee.buffer.length) }

    /// Grows (positive) or shrinks (negative) the payload at the frame's end; false if the
    /// buffer has no room or the payload is shorter. Length fields are the caller's to update.
    @inlinable public func resizePayload(by delta: Int) -> Bool {
        if delta >= 0 { return slot.pointee.buffer.extend(by: delta) }
        return -delta <= payload.count && slot.pointee.buffer.truncate(by: -delta)
    }

    /// The packet's metadata, read and written in place.
    @inlinable public var metadata: PacketMetadata {
        get { slot.pointee.metadata }
        nonmutating set { slot.pointee.metadata = newValue }
    }
}
