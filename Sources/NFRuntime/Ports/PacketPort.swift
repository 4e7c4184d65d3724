/// Where frames enter and leave an NF: a DPDK port queue or an in-memory port.
///
/// Ports are concrete types used as generic parameters, so rx/tx calls are static.
public protocol PacketPort {
    /// Appends up to `batch.freeCapacity` received frames to `batch`; returns how many.
    mutating func receive(into batch: PacketBatch) -> Int
    /// Transmits every frame in `batch` and leaves it empty. Frames the port cannot take (queue
    /// full) are released and counted in `counters.txDropped`; returns how many were sent.
    mutating func transmit(_ batch: PacketBatch) -> Int
    /// The port's software counters.
    var counters: PortCounters { get }
}

/// Software counters kept by a port. `MemoryPort` counts packets and bytes; `DPDKPort` counts
/// packets and leaves bytes to the device (`DPDKPort.deviceStats`).
@frozen
public struct PortCounters: Sendable, Equatable {
    public var rxPackets: UInt64 = 0
    public var rxBytes: UInt64 = 0
    public var txPackets: UInt64 = 0
    public var txBytes: UInt64 = 0
    /// Frames released because the transmit queue was full.
    public var txDropped: UInt64 = 0
    public init() {}

    public static func + (a: PortCounters, b: PortCounters) -> PortCounters {
        var s = PortCounters()
        s.rxPackets = a.rxPackets + b.rxPackets
        s.rxBytes = a.rxBytes + b.rxBytes
        s.txPackets = a.txPackets + b.txPackets
        s.txBytes = a.txBytes + b.txBytes
        s.txDropped = a.txDropped + b.txDropped
        return s
    }
}
