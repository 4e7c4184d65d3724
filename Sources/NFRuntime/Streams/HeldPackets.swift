/// Packets a `window` holds for their stream (debugger breakpoints), at most one per direction,
/// and the ones released, waiting to go out in the window's next batch.
///
/// Storage is allocated once (`capacity` held plus as many released); holding past capacity
/// fails and the caller decides (the window kills the flow, as for a drop). Buffers still held
/// at deinit are released.
public final class HeldPackets {
    @usableFromInline let slots: UnsafeMutablePointer<PacketSlot>
    @usableFromInline let streams: UnsafeMutablePointer<StreamID>
    public let capacity: Int
    /// Packets held now.
    @usableFromInline var _count = 0
    public var count: Int { _count }
    /// Released packets not yet sent on.
    public let released: SlotQueue
    /// Releases and drops asked for from other threads, applied by the window each batch.
    public let requests: HeldPacketRequests

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
        streams = .allocate(capacity: capacity)
        released = SlotQueue(capacity: capacity)
        requests = HeldPacketRequests(capacity: capacity)
    }

    deinit {
        for i in 0..<count { slots[i].buffer.release() }
        slots.deinitialize(count: count)
        streams.deinitialize(count: count)
        slots.deallocate()
        streams.deallocate()
    }

    /// Whether the window has something to do for held packets: released ones to send on, or
    /// requests from other threads (cheap: the window asks on every idle poll).
    @inlinable public var hasWork: Bool { !released.isEmpty || requests.hasRequests }

    /// The streams that hold a packet, oldest first.
    public var heldStreams: [StreamID] { (0..<count).map { streams[$0] } }

    /// Keeps `slot` (the caller hands over one buffer reference); false when full.
    @inlinable
    public func hold(_ slot: PacketSlot, for stream: StreamID) -> Bool {
        guard count < capacity else { return false }
        (slots + count).initialize(to: slot)
        (streams + count).initialize(to: stream)
        _count &+= 1
        return true
    }

    /// Removes and returns the packet `stream` holds.
    public func take(_ stream: StreamID) -> PacketSlot? {
        guard let i = (0..<count).first(where: { streams[$0] == stream }) else { return nil }
        let slot = (slots + i).move()
        (streams + i).deinitialize(count: 1)
        _count -= 1
        if i < count {
            (slots + i).moveInitialize(from: slots + count, count: 1)
            (streams + i).moveInitialize(from: streams + count, count: 1)
        }
        return slot
    }

    /// Moves the packet `stream` holds to `released`; false when it holds none or `released`
    /// is full (it empties as the window's batches send it on: try again).
    public func release(_ stream: StreamID) -> Bool {
        guard released.count < released.capacity, let slot = take(stream) else { return false }
        _ = released.push(slot)
        return true
    }
}
