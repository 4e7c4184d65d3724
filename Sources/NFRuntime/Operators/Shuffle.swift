/// The rings between every pair of cores that `shuffle` uses: `ring(from:to:)` is SPSC.
public final class ShuffleExchange: @unchecked Sendable {
    public let cores: Int
    @usableFromInline let rings: [SPSCRing]

    /// Packets in flight per pair of cores.
    public let ringCapacity: Int

    /// Default ring size: 32 batches, enough to ride out a receiving core being preempted for a
    /// scheduler tick on a shared machine (64 B slots: 64 KiB per pair of cores).
    public static let defaultRingCapacity = 32 * PacketBatch.defaultCapacity

    public init(cores: Int, ringCapacity: Int = ShuffleExchange.defaultRingCapacity) {
        precondition(cores > 0)
        self.cores = cores
        self.ringCapacity = ringCapacity
        rings = (0..<cores * cores).map { _ in SPSCRing(capacity: ringCapacity) }
    }

    @inlinable func ring(from: Int, to: Int) -> SPSCRing { rings[from &* cores &+ to] }
}

/// `shuffle`: sends each packet to the core its hash picks (`hash % cores`), so all packets of a
/// flow meet on one core and per-flow state stays core-local (thesis ch. 3.1.1).
///
/// On core `core`, a pull takes the parent's batch, keeps the packets that belong here, pushes
/// the others onto the exchange's rings, then adds packets other cores sent here. A packet whose
/// ring is full is dropped and counted (`overflowed`). Every core of the exchange must run its own
/// `Shuffle` (same hash), or packets sent to it wait in the ring.
public struct Shuffle<Parent: BatchOperator>: BatchOperator {
    public typealias Stack = Parent.Stack
    public var parent: Parent
    public let exchange: ShuffleExchange
    public let core: Int
    @usableFromInline let hash: (Packet<Stack>) -> UInt32
    public var overflowed: UInt64 = 0
    @usableFromInline var nextSource = 0

    @inlinable init(parent: Parent, exchange: ShuffleExchange, core: Int, hash: @escaping (Packet<Stack>) -> UInt32) {
        precondition(core >= 0 && core < exchange.cores)
        self.parent = parent
        self.exchange = exchange
        self.core = core
        self.hash = hash
    }

    @inlinable
    public mutating func nextBatch(into batch: PacketBatch) {
        parent.nextBatch(into: batch)
        let cores = exchange.cores
        let here = core
        let hash = self.hash
        let exchange = self.exchange
        var overflowed: UInt64 = 0
        batch.take(where: { s in
            let h = hash(Packet(slot: s))
            s.pointee.metadata.flowHash = h
            return Int(h % UInt32(cores)) != here
        }, to: { slot in
            if let rejected = exchange.ring(from: here, to: Int(slot.metadata.flowHash % UInt32(cores))).enqueue(slot) {
                rejected.buffer.release()
                overflowed &+= 1
            }
        })
        self.overflowed &+= overflowed
        // Serve incoming rings round-robin so no sender starves.
        for step in 0..<cores where !batch.isFull {
            let from = (nextSource &+ step) % cores
            guard from != here else { continue }
            let ring = exchange.ring(from: from, to: here)
            while !batch.isFull, let s = ring.dequeue() { batch.append(s) }
        }
        nextSource = (nextSource &+ 1) % cores
    }
}
