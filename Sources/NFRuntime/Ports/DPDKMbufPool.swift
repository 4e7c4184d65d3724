import CDPDK

/// A DPDK packet-mbuf mempool: where ports receive into and where operators allocate frames.
///
/// Safe to share between lcores (DPDK mempools have per-lcore caches).
public struct DPDKMbufPool: BufferAllocator, @unchecked Sendable {
    /// The `struct rte_mempool *`.
    public let pointer: OpaquePointer

    /// Creates a pool of `count` mbufs with `dataRoom` bytes each (headroom included).
    public init(name: String, count: Int, cacheSize: Int = 256, dataRoom: Int = 2048 + 128) throws {
        guard let p = cdpdk_pool_create(name, UInt32(count), UInt32(cacheSize), UInt16(dataRoom), -1) else {
            throw DPDKError(step: "mempool \(name) (\(count) mbufs)", code: -cdpdk_errno())
        }
        pointer = p
    }

    @inlinable
    public func allocate() -> PacketBuffer? {
        guard let m = cdpdk_mbuf_alloc(pointer) else { return nil }
        return PacketBuffer(mbuf: m)
    }

    /// Mbufs currently allocated (in rings, batches or queues).
    public var inUse: Int { Int(cdpdk_pool_in_use(pointer)) }
    public var available: Int { Int(cdpdk_pool_available(pointer)) }
}
