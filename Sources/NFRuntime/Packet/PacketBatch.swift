import CDPDK

/// Up to `capacity` packets moving through an NF graph together (run-to-completion unit).
///
/// Storage is allocated once in `init` and reused for every batch. The batch owns its buffers:
/// whatever is still in it when it is deinitialised is released. Operators take packets out
/// only through `drop`/`removeAll(keepingIf:)`/`take`, which keep that accounting exact.
///
/// A batch a DPDK port received into may stay *raw*: its packets exist only as the mbuf pointers
/// the burst returned, and become slots (`materialize()`) the first time anything looks into
/// them. A batch no operator inspects thus goes from rx burst to tx burst with no per-packet work
/// (the DPDK graph's "whole batch to one edge" fast path); every slot accessor materialises first.
public final class PacketBatch {
    /// Largest batch the runtime moves (the thesis's and DPDK's customary burst).
    @inlinable public static var defaultCapacity: Int { 32 }

    @usableFromInline let slots: UnsafeMutablePointer<PacketSlot>
    /// Scratch for mbuf pointers handed to rx/tx bursts.
    @usableFromInline let mbufs: UnsafeMutablePointer<OpaquePointer?>
    public let capacity: Int
    @usableFromInline var _count: Int = 0
    /// Packets in the batch.
    @inlinable public var count: Int { _count }
    /// Set while the batch is raw: the input port of its mbufs (nil once they are slots).
    @usableFromInline var rawInputPort: UInt16?

    public init(capacity: Int = PacketBatch.defaultCapacity) {
        precondition(capacity > 0)
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
        mbufs = .allocate(capacity: capacity)
    }

    deinit {
        dropAll()
        slots.deallocate()
        mbufs.deallocate()
    }

    /// Marks the first `count` entries of `mbufs` as the batch's packets, received on `inputPort`
    /// (the batch must be empty).
    @inlinable
    func adoptRawMbufs(_ count: Int, inputPort: UInt16) {
        precondition(_count == 0 && count <= capacity)
        _count = count
        rawInputPort = count > 0 ? inputPort : nil
    }

    /// Whether the packets are still raw mbufs (see the type's comment).
    @inlinable public var isRaw: Bool { rawInputPort != nil }

    /// Turns raw mbufs into slots; a no-op otherwise. Chained mbufs are linearised into one
    /// buffer from their own pool; one that cannot be (pool empty) is dropped.
    @inlinable
    public func materialize() {
        guard let input = rawInputPort else { return }
        rawInputPort = nil
        var n = 0
        for i in 0..<_count {
            guard let buffer = PacketBuffer(receivedMbuf: mbufs[i].unsafelyUnwrapped) else { continue }
            (slots + n).initialize(to: PacketSlot(buffer: buffer, metadata: PacketMetadata(inputPort: input)))
            n &+= 1
        }
        _count = n
    }

    @inlinable public var isEmpty: Bool { count == 0 }
    @inlinable public var isFull: Bool { count == capacity }
    @inlinable public var freeCapacity: Int { capacity - count }

    /// The slot at `index` (< count); mutations through it are seen by the batch.
    @inlinable
    public func slot(_ index: Int) -> UnsafeMutablePointer<PacketSlot> {
        if rawInputPort != nil { materialize() }
        return slots + index
    }

    /// Adds a packet; returns false (and releases nothing) when full.
    @inlinable @discardableResult
    public func append(_ buffer: PacketBuffer, metadata: PacketMetadata) -> Bool {
        append(PacketSlot(buffer: buffer, metadata: metadata))
    }

    /// Adds a slot as it is (keeping parsed offsets); false when full.
    @inlinable @discardableResult
    public func append(_ slot: PacketSlot) -> Bool {
        guard count < capacity else { return false }
        if rawInputPort != nil { materialize() }
        (slots + count).initialize(to: slot)
        _count += 1
        return true
    }

    /// Keeps the packets for which `keep` returns true, in order; releases the others.
    /// Returns how many were dropped.
    @inlinable @discardableResult
    public func removeAll(keepingIf keep: (UnsafeMutablePointer<PacketSlot>) -> Bool) -> Int {
        materialize()
        var kept = 0
        for i in 0..<count {
            let s = slots + i
            if keep(s) {
                if kept != i { (slots + kept).moveInitialize(from: s, count: 1) }
                kept += 1
            } else {
                s.pointee.buffer.release()
                s.deinitialize(count: 1)
            }
        }
        let dropped = count - kept
        _count = kept
        return dropped
    }

    /// Moves out the packets for which `take` returns true, in order, handing each to `sink`
    /// (which then owns it); the others stay in the batch in order.
    @inlinable
    public func take(where take: (UnsafeMutablePointer<PacketSlot>) -> Bool,
                              to sink: (consuming PacketSlot) -> Void) {
        materialize()
        var kept = 0
        for i in 0..<count {
            let s = slots + i
            if take(s) {
                sink(s.move())
            } else {
                if kept != i { (slots + kept).moveInitialize(from: s, count: 1) }
                kept += 1
            }
        }
        _count = kept
    }

    /// Moves every packet out to `sink`, leaving the batch empty.
    @inlinable
    public func drain(to sink: (consuming PacketSlot) -> Void) {
        materialize()
        for i in 0..<count { sink((slots + i).move()) }
        _count = 0
    }

    /// Releases every packet.
    @inlinable
    public func dropAll() {
        if rawInputPort != nil {
            cdpdk_mbuf_free_bulk(mbufs, UInt32(_count))
            rawInputPort = nil
        } else {
            for i in 0..<count { slots[i].buffer.release() }
            slots.deinitialize(count: count)
        }
        _count = 0
    }

    /// Forgets the first `n` packets without releasing them (they were handed to a port that
    /// now owns them) and shifts the rest to the front.
    @inlinable
    public func forgetFirst(_ n: Int) {
        precondition(n <= count)
        if rawInputPort != nil {
            if n < count { mbufs.update(from: mbufs + n, count: count - n) }
        } else if n < count {
            slots.moveInitialize(from: slots + n, count: count - n)
        }
        _count -= n
        if _count == 0 { rawInputPort = nil }
    }
}
