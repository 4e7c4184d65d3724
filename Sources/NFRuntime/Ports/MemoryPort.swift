/// An in-memory port for tests and offline runs: frames written in are received by the NF, frames
/// the NF transmits are kept to be read out, as byte arrays.
///
/// A reference type, so the receive operator and the sink of one graph share it. Frames are
/// stored as `PacketBuffer`s from its `MemoryPool`; nothing is allocated on receive or transmit
/// beyond the queues' own growth. Single-threaded.
public final class MemoryPort: PacketPort {
    public let pool: MemoryPool
    /// Port index written into received frames' metadata.
    public let index: UInt16
    private var incoming: [(PacketBuffer, PacketMetadata)] = []
    private var incomingHead = 0
    private var outgoing: [PacketBuffer] = []
    /// Frames accepted per `transmit` before the port reports its queue full (nil: unlimited).
    public var transmitCapacity: Int?
    public var counters = PortCounters()

    public init(index: UInt16 = 0, pool: MemoryPool) {
        self.index = index
        self.pool = pool
    }

    deinit {
        for (b, _) in incoming[incomingHead...] { b.release() }
        for b in outgoing { b.release() }
    }

    /// Queues `frame` to be received; false if the pool is exhausted.
    @discardableResult
    public func write(_ frame: [UInt8]) -> Bool {
        guard let buffer = pool.make(frame: frame) else { return false }
        incoming.append((buffer, PacketMetadata(inputPort: index)))
        return true
    }

    /// Frames waiting to be received.
    public var pendingCount: Int { incoming.count - incomingHead }

    /// Removes and returns every transmitted frame, oldest first.
    public func read() -> [[UInt8]] {
        defer {
            for b in outgoing { b.release() }
            outgoing.removeAll(keepingCapacity: true)
        }
        return outgoing.map { Array($0.bytes) }
    }

    public func receive(into batch: PacketBatch) -> Int {
        var n = 0
        while incomingHead < incoming.count, !batch.isFull {
            let (buffer, metadata) = incoming[incomingHead]
            batch.append(buffer, metadata: metadata)
            counters.rxPackets += 1
            counters.rxBytes += UInt64(buffer.length)
            incomingHead += 1
            n += 1
        }
        if incomingHead == incoming.count {
            incoming.removeAll(keepingCapacity: true)
            incomingHead = 0
        }
        return n
    }

    public func transmit(_ batch: PacketBatch) -> Int {
        var sent = 0
        let limit = transmitCapacity ?? Int.max
        batch.drain { slot in
            if sent < limit {
                outgoing.append(slot.buffer)
                counters.txPackets += 1
                counters.txBytes += UInt64(slot.buffer.length)
                sent += 1
            } else {
                slot.buffer.release()
                counters.txDropped += 1
            }
        }
        return sent
    }
}
