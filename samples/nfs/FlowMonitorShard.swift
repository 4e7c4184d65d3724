import NFRuntime

/// One core's part of a `FlowMonitor`: the core's flow table and clock, touched only by that
/// core (the packet path and the core's scheduled events), so nothing is synchronised.
public final class FlowMonitorShard {
    public let core: Int
    @usableFromInline let flows: CoreLocalMap<FlowKey, FlowRecord>.Partition
    @usableFromInline let capacity: Int
    /// The time stamped on packets, advanced by `tick(now:)` (a clock read per packet would cost
    /// more than the rest of the count).
    @usableFromInline var now: UInt64
    /// See `FlowReport.unkeyedPackets`.
    public var unkeyedPackets: UInt64 = 0
    /// See `FlowReport.untrackedPackets`.
    public var untrackedPackets: UInt64 = 0

    init(core: Int, flows: CoreLocalMap<FlowKey, FlowRecord>.Partition, capacity: Int, now: UInt64) {
        self.core = core
        self.flows = flows
        self.capacity = capacity
        self.now = now
    }

    /// Flows in the table.
    public var flowCount: Int { flows.count }

    /// The counters of `key`'s flow, if it is in the table.
    public func record(of key: FlowKey) -> FlowRecord? { flows[key] }

    /// Counts `packet` in its flow's record (created if there is room).
    @inlinable
    public func count<S: HeaderStack>(_ packet: Packet<S>) {
        guard let flow = packet.flowKey else {
            unkeyedPackets &+= 1
            return
        }
        let key = flow
        let bytes = UInt64(packet.length)
        if let i = flows.entries.index(forKey: key) {
            flows.entries.values[i].add(bytes: bytes, at: now)
        } else if flows.count < capacity {
            flows.entries[key] = FlowRecord(packets: 1, bytes: bytes, firstSeen: now, lastSeen: now)
        } else {
            untrackedPackets &+= 1
        }
    }

    /// Advances the time stamped on packets.
    public func tick(now: UInt64) { self.now = now }

    /// Removes the flows idle since `now - idleTimeout` or earlier and reports them with the
    /// active ones. Cold path: O(flows), allocates the report.
    public func sweep(now: UInt64, idleTimeout: UInt64) -> FlowReport {
        self.now = now
        var expired: [FlowReport.Entry] = []
        var active: [FlowReport.Entry] = []
        active.reserveCapacity(flows.count)
        for (key, record) in flows.entries {
            if now &- record.lastSeen >= idleTimeout && now >= record.lastSeen {
                expired.append(FlowReport.Entry(key: key, record: record))
            } else {
                active.append(FlowReport.Entry(key: key, record: record))
            }
        }
        for e in expired { flows.entries.removeValue(forKey: e.key) }
        return FlowReport(core: core, time: now, active: active, expired: expired,
                          unkeyedPackets: unkeyedPackets, untrackedPackets: untrackedPackets)
    }
}
