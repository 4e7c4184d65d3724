import NFRuntime

/// One periodic report of one core's `FlowMonitor` shard: the flows active at `time` and those
/// that expired since the previous report.
public struct FlowReport: Sendable {
    /// A flow and its counters.
    public struct Entry: Hashable, Sendable {
        public let key: FlowKey
        public let record: FlowRecord
    }

    public let core: Int
    /// Monitor clock at the report.
    public let time: UInt64
    /// Flows still in the table, unordered.
    public let active: [Entry]
    /// Flows idle for at least the idle timeout, removed from the table by this report's sweep.
    public let expired: [Entry]
    /// Packets since the monitor started that had no flow key (not TCP/UDP over IPv4/IPv6,
    /// non-first fragments, malformed).
    public let unkeyedPackets: UInt64
    /// Packets since the monitor started of new flows that found the table full.
    public let untrackedPackets: UInt64
}
