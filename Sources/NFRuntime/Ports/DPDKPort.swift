import CDPDK

/// One queue pair of a started DPDK ethdev port (any PMD: af_packet, tap, pcap, null, ring, …).
///
/// A value type holding ids and a pointer to its counters, so the receive operator and the sink
/// of one graph share counters. One `DPDKPort` per (port, queue) per lcore: DPDK queues are not
/// thread-safe. Chained (multi-segment) mbufs are linearised on receive; frames from a
/// `MemoryPool` are copied into an mbuf on transmit.
public struct DPDKPort: PacketPort, @unchecked Sendable {
    public let portID: UInt16
    public let rxQueue: UInt16
    public let txQueue: UInt16
    /// Index written into received frames' metadata (the switch's port number).
    public let index: UInt16
    public let pool: DPDKMbufPool
    @usableFromInline let countersStorage: UnsafeMutablePointer<PortCounters>

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
    }

    public var counters: PortCounters { countersStorage.pointee }

    @inlinable
    public mutating func receive(into batch: PacketBatch) -> Int {
        let free = batch.freeCapacity
        guard free > 0 else { return 0 }
        let n = Int(cdpdk_rx_burst(portID, rxQueue, batch.mbufs, UInt16(free)))
        var bytes = 0
        for i in 0..<n {
            var m = batch.mbufs[i].unsafelyUnwrapped
            if cdpdk_mbuf_nb_segs(m) > 1 {
                let linear = cdpdk_mbuf_linearize_copy(m, pool.pointer)
                cdpdk_mbuf_free(m)
                guard let linear else { continue }
                m = linear
            }
            let buffer = PacketBuffer(mbuf: m)
            bytes &+= Int(buffer.length)
            batch.append(buffer, metadata: PacketMetadata(inputPort: index))
        }
        countersStorage.pointee.rxPackets &+= UInt64(n)
        countersStorage.pointee.rxBytes &+= UInt64(bytes)
        return n
    }

    @inlinable
    public mutating func transmit(_ batch: PacketBatch) -> Int {
        let n = batch.count
        guard n > 0 else { return 0 }
        var bytes = 0
        var ready = 0
        for i in 0..<n {
            let buffer = batch.slot(i).pointee.buffer
            if let m = buffer.mbuf {
                buffer.commitToMbuf()
                batch.mbufs[ready] = m
                ready += 1
                bytes &+= Int(buffer.length)
            } else if let copy = pool.copy(of: buffer) {
                buffer.release()
                copy.commitToMbuf()
                batch.mbufs[ready] = copy.mbuf
                ready += 1
                bytes &+= Int(buffer.length)
            } else {
                buffer.release()
                countersStorage.pointee.txDropped &+= 1
            }
        }
        let sent = Int(cdpdk_tx_burst(portID, txQueue, batch.mbufs, UInt16(ready)))
        if sent < ready {
            for i in sent..<ready {
                bytes &-= Int(cdpdk_mbuf_data_len(batch.mbufs[i].unsafelyUnwrapped))
            }
            cdpdk_mbuf_free_bulk(batch.mbufs + sent, UInt32(ready - sent))
            countersStorage.pointee.txDropped &+= UInt64(ready - sent)
        }
        countersStorage.pointee.txPackets &+= UInt64(sent)
        countersStorage.pointee.txBytes &+= UInt64(bytes)
        batch.forgetFirst(n)
        return sent
    }

    /// The device's own counters (rte_eth_stats).
    public var deviceStats: cdpdk_port_stats {
        var s = cdpdk_port_stats()
        _ = cdpdk_port_stats(portID, &s)
        return s
    }
}
