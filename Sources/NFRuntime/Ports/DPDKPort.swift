import CDPDK

/// One queue pair of a started DPDK ethdev port (any PMD: af_packet, tap, pcap, null, ring, …).
///
/// A value type holding ids and a pointer to its counters, so the receive operator and the sink
/// of one graph share counters. One `DPDKPort` per (port, queue) per lcore: DPDK queues are not
/// thread-safe. Chained (multi-segment) mbufs are linearised when materialised; frames from a
/// `MemoryPool` are copied into an mbuf on transmit. Its software counters count packets only:
/// the device counts bytes (`deviceStats`), so the packet path never reads frame lengths for them.
public struct DPDKPort: PacketPort, @unchecked Sendable {
    public let portID: UInt16
    public let rxQueue: UInt16
    public let txQueue: UInt16
    /// Index written into received frames' metadata (the switch's port number).
    public let index: UInt16
    public let pool: DPDKMbufPool
    @usableFromInline let countersStorage: UnsafeMutablePointer<PortCounters>
    /// Burst scratch for receiving into a batch that already holds packets.
    @usableFromInline let scratch: UnsafeMutablePointer<OpaquePointer?>
    @inlinable static var scratchCapacity: Int { 4 * PacketBatch.defaultCapacity }

    /// Wraps queues of a port already started with `DPDKEnvironment.startPort`. The counters
    /// block lives as long as the process (ports are few and long-lived).
    public init(portID: UInt16, rxQueue: UInt16 = 0, txQueue: UInt16 = 0, index: UInt16, pool: DPDKMbufPool) {
        self.portID = portID
        self.rxQueue = rxQueue
        self.txQueue = txQueue
        self.index = index
        self.pool = pool
        countersStorage = .allocate(capacity: 1)
        countersStorage.initialize(to: PortCounters())
        scratch = .allocate(capacity: DPDKPort.scratchCapacity)
    }

    public var counters: PortCounters { countersStorage.pointee }

    /// Receives a burst. Into an empty batch the mbufs stay raw (no per-packet work until an
    /// operator looks at them); into a partly filled one they become slots at once.
    @inlinable
    public mutating func receive(into batch: PacketBatch) -> Int {
        let free = batch.freeCapacity
        guard free > 0 else { return 0 }
        if batch.isEmpty {
            let n = Int(cdpdk_rx_burst(portID, rxQueue, batch.mbufs, UInt16(free)))
            batch.adoptRawMbufs(n, inputPort: index)
            countersStorage.pointee.rxPackets &+= UInt64(n)
            return n
        }
        batch.materialize()
        let n = Int(cdpdk_rx_burst(portID, rxQueue, scratch, UInt16(min(free, DPDKPort.scratchCapacity))))
        for i in 0..<n {
            guard let buffer = PacketBuffer(receivedMbuf: scratch[i].unsafelyUnwrapped) else { continue }
            batch.append(buffer, metadata: PacketMetadata(inputPort: index))
        }
        countersStorage.pointee.rxPackets &+= UInt64(n)
        return n
    }

    /// Transmits the batch: a raw batch goes to the burst as it is; otherwise each slot's mbuf is
    /// handed over (a `MemoryPool` buffer is first copied into an mbuf). Frames the queue refuses
    /// are released and counted.
    @inlinable
    public mutating func transmit(_ batch: PacketBatch) -> Int {
        let n = batch.count
        guard n > 0 else { return 0 }
        var ready = n
        if !batch.isRaw {
            ready = 0
            for i in 0..<n {
                let buffer = batch.slot(i).pointee.buffer
                if let m = buffer.mbuf {
                    batch.mbufs[ready] = m
                    ready &+= 1
                } else if let copy = pool.copy(of: buffer) {
                    buffer.release()
                    batch.mbufs[ready] = copy.mbuf
                    ready &+= 1
                } else {
                    buffer.release()
                    countersStorage.pointee.txDropped &+= 1
                }
            }
        }
        let sent = Int(cdpdk_tx_burst(portID, txQueue, batch.mbufs, UInt16(ready)))
        if sent < ready {
            cdpdk_mbuf_free_bulk(batch.mbufs + sent, UInt32(ready - sent))
            countersStorage.pointee.txDropped &+= UInt64(ready - sent)
        }
        countersStorage.pointee.txPackets &+= UInt64(sent)
        batch.forgetFirst(n)
        return sent
    }

    /// The device's own counters (rte_eth_stats).
    public var deviceStats: cdpdk_port_stats { Self.deviceStats(of: portID) }

    /// The counters of device `portID`, without a queue wrapper (for reports on the cold path).
    public static func deviceStats(of portID: UInt16) -> cdpdk_port_stats {
        var s = cdpdk_port_stats()
        _ = cdpdk_port_stats(portID, &s)
        return s
    }
}
