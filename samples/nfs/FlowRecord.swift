/// What a `FlowMonitor` counts for one flow (one direction of a 5-tuple).
///
/// Times are `MonotonicClock` nanoseconds at the monitor's clock resolution (the time of the
/// core's last clock tick, not of the packet).
@frozen
public struct FlowRecord: Hashable, Sendable {
    public var packets: UInt64
    public var bytes: UInt64
    public var firstSeen: UInt64
    public var lastSeen: UInt64

    @inlinable
    public init(packets: UInt64, bytes: UInt64, firstSeen: UInt64, lastSeen: UInt64) {
        self.packets = packets
        self.bytes = bytes
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }

    /// Counts one more packet of `bytes` bytes, seen at `time`.
    @inlinable
    public mutating func add(bytes: UInt64, at time: UInt64) {
        packets &+= 1
        self.bytes &+= bytes
        lastSeen = time
    }
}
