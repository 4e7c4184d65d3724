import Synchronization

/// A lock-free single-producer single-consumer ring of packets between two cores.
///
/// Capacity is a power of two fixed at init. The producer owns `tail`, the consumer `head`; each
/// publishes with release ordering and reads the other's with acquire ordering.
public final class SPSCRing: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutablePointer<PacketSlot>
    @usableFromInline let mask: Int
    @usableFromInline let head = Atomic<Int>(0)
    @usableFromInline let tail = Atomic<Int>(0)

    public init(capacity: Int) {
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "SPSCRing capacity must be a power of two")
        storage = .allocate(capacity: capacity)
        mask = capacity - 1
    }

    deinit {
        while let s = dequeue() { s.buffer.release() }
        storage.deallocate()
    }

    /// Producer side: appends `slot`, or returns it when the ring is full.
    @inlinable
    public func enqueue(_ slot: PacketSlot) -> PacketSlot? {
        let t = tail.load(ordering: .relaxed)
        guard t &- head.load(ordering: .acquiring) <= mask else { return slot }
        (storage + (t & mask)).initialize(to: slot)
        tail.store(t &+ 1, ordering: .releasing)
        return nil
    }

    /// Consumer side: removes the oldest packet.
    @inlinable
    public func dequeue() -> PacketSlot? {
        let h = head.load(ordering: .relaxed)
        guard h != tail.load(ordering: .acquiring) else { return nil }
        let s = (storage + (h & mask)).move()
        head.store(h &+ 1, ordering: .releasing)
        return s
    }
}
