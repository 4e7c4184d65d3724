/// A fixed pool of packet buffers in ordinary memory, for the in-memory port, tests and offline
/// replay: the same `PacketBuffer`s the DPDK path uses, without an EAL.
///
/// All memory is allocated in `init`; `allocate()` and release are O(1) and never touch the heap.
/// Not thread-safe: one pool belongs to one core. Buffers must all be released before the pool
/// is deinitialised (checked: `inUse` must be 0 then, or the process traps).
public final class MemoryPool {
    /// The pool's bookkeeping, addressed by raw pointer from each `PacketBuffer` it lends.
    public struct State {
        /// Base of the slab of `slotCount * slotSize` bytes.
        public let slab: UnsafeMutableRawPointer
        public let slotSize: Int
        public let slotCount: Int
        /// Stack of free slot indices; `freeCount` entries are valid.
        public let freeSlots: UnsafeMutablePointer<UInt32>
        public var freeCount: Int
        /// References held on each slot (0 when free).
        public let references: UnsafeMutablePointer<UInt16>
    }

    /// Headroom left before a new buffer's data, as DPDK's RTE_PKTMBUF_HEADROOM.
    public static let headroom = 128

    public let state: UnsafeMutablePointer<State>

    /// Creates `count` buffers of `bufferSize` bytes each (headroom included).
    public init(count: Int, bufferSize: Int = 2048 + MemoryPool.headroom) {
        precondition(count > 0 && count < Int(UInt32.max) && bufferSize <= Int(UInt16.max))
        let slab = UnsafeMutableRawPointer.allocate(byteCount: count * bufferSize, alignment: 64)
        let free = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
        for i in 0..<count { free[i] = UInt32(count - 1 - i) }
        let refs = UnsafeMutablePointer<UInt16>.allocate(capacity: count)
        refs.initialize(repeating: 0, count: count)
        state = .allocate(capacity: 1)
        state.initialize(to: State(slab: slab, slotSize: bufferSize, slotCount: count,
                                   freeSlots: free, freeCount: count, references: refs))
    }

    deinit {
        precondition(inUse == 0, "MemoryPool deinitialised with \(inUse) buffers still in use")
        state.pointee.slab.deallocate()
        state.pointee.freeSlots.deallocate()
        state.pointee.references.deallocate()
        state.deallocate()
    }

    /// Buffers currently lent out.
    public var inUse: Int { state.pointee.slotCount - state.pointee.freeCount }

    /// A fresh empty buffer with `headroom` bytes before its data, or nil when the pool is empty.
    @inlinable
    public func allocate() -> PacketBuffer? {
        Self.allocate(from: state)
    }

    @inlinable
    static func allocate(from pool: UnsafeMutablePointer<State>) -> PacketBuffer? {
        guard pool.pointee.freeCount > 0 else { return nil }
        pool.pointee.freeCount -= 1
        let slot = pool.pointee.freeSlots[pool.pointee.freeCount]
        pool.pointee.references[Int(slot)] = 1
        return PacketBuffer(storage: pool.pointee.slab + Int(slot) * pool.pointee.slotSize,
                            dataOffset: UInt16(headroom), length: 0,
                            capacity: UInt16(pool.pointee.slotSize), owner: .memory(pool, slot: slot))
    }

    /// A buffer holding a copy of `frame`, or nil if the pool is empty or the frame too long.
    public func make(frame: some Collection<UInt8>) -> PacketBuffer? {
        guard var buffer = allocate() else { return nil }
        guard buffer.extend(by: frame.count) else {
            buffer.release()
            return nil
        }
        _ = UnsafeMutableRawBufferPointer(buffer.bytes).copyBytes(from: frame)
        return buffer
    }

    @inlinable
    static func release(slot: UInt32, in pool: UnsafeMutablePointer<State>) {
        let i = Int(slot)
        precondition(pool.pointee.references[i] > 0, "MemoryPool buffer released twice")
        pool.pointee.references[i] -= 1
        if pool.pointee.references[i] == 0 {
            pool.pointee.freeSlots[pool.pointee.freeCount] = slot
            pool.pointee.freeCount += 1
        }
    }
}
