/// A bounded FIFO of packets owned by one core (group-by branches, hold queues).
///
/// Storage is allocated once; `push` fails when full instead of growing, so the caller decides
/// (and counts) what happens to the packet. Packets still queued at deinit are released.
public final class SlotQueue {
    @usableFromInline let storage: UnsafeMutablePointer<PacketSlot>
    public let capacity: Int
    @usableFromInline var head = 0
    @usableFromInline var _count = 0
    /// Packets queued.
    @inlinable public var count: Int { _count }

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        while let s = pop() { s.buffer.release() }
        storage.deallocate()
    }

    @inlinable public var isEmpty: Bool { count == 0 }

    /// Appends `slot`; returns it back (still owned by the caller) when the queue is full.
    @inlinable
    public func push(_ slot: PacketSlot) -> PacketSlot? {
        guard count < capacity else { return slot }
        (storage + (head &+ count) % capacity).initialize(to: slot)
        _count &+= 1
        return nil
    }

    /// Removes the oldest packet.
    @inlinable
    public func pop() -> PacketSlot? {
        guard count > 0 else { return nil }
        let s = (storage + head).move()
        head = (head &+ 1) % capacity
        _count &-= 1
        return s
    }

    /// Moves as many packets as fit into `batch`, oldest first.
    @inlinable
    public func drain(into batch: PacketBatch) {
        while !batch.isFull, let s = pop() { batch.append(s) }
    }
}
