import NFRuntime

/// A passive flow monitor: per-flow packet and byte counters kept per core, a periodic report,
/// and expiry of idle flows (the thesis's example use of scheduled events, ch. 3.1.1).
///
/// Contract: every packet passes unchanged (the monitor never drops); each TCP/UDP packet over
/// IPv4 or IPv6 (up to two VLAN tags) is counted in its flow's `FlowRecord`, keyed by its
/// directional 5-tuple; other packets are counted in `unkeyedPackets`. Each core counts in its
/// own `FlowMonitorShard` (a `CoreLocalMap` partition): put a `shuffle` before the monitor when
/// more than one core receives a flow's packets, or each core reports its share.
///
/// Time: each core's shard stamps packets with a clock it reads every `clockResolution`; every
/// `reportInterval` the shard removes flows idle for `idleTimeout` or more and calls `report`
/// with the active and expired flows. Both run as events on the core's `EventScheduler`
/// (`schedule(core:on:)`), between batches: `report` runs on the packet core, so it must be short
/// (hand the report to another thread for I/O).
///
/// Limits: a shard holds at most `capacity` flows (reserved up front, so counting never
/// allocates); packets of new flows beyond it are counted in `untrackedPackets` only.
public final class FlowMonitor {
    public let capacity: Int
    public let idleTimeout: UInt64
    public let reportInterval: UInt64
    public let clockResolution: UInt64
    private let clock: () -> UInt64
    private let report: (FlowReport) -> Void
    public let shards: [FlowMonitorShard]

    /// A monitor for `cores` cores. Times are nanoseconds of `clock` (monotonic by default).
    public init(cores: Int = 1, capacity: Int = 1 << 16, idleTimeout: UInt64 = 30_000_000_000,
                reportInterval: UInt64 = 1_000_000_000, clockResolution: UInt64 = 1_000_000,
                clock: @escaping () -> UInt64 = MonotonicClock.nanoseconds,
                report: @escaping (FlowReport) -> Void) {
        precondition(cores > 0 && capacity > 0 && reportInterval > 0 && clockResolution > 0)
        self.capacity = capacity
        self.idleTimeout = idleTimeout
        self.reportInterval = reportInterval
        self.clockResolution = clockResolution
        self.clock = clock
        self.report = report
        let table = CoreLocalMap<FlowKey, FlowRecord>(cores: cores, capacity: capacity)
        let now = clock()
        shards = (0..<cores).map { FlowMonitorShard(core: $0, flows: table.partition($0), capacity: capacity, now: now) }
    }

    /// Registers core `core`'s clock tick and report on `scheduler` (that core's own).
    public func schedule(core: Int, on scheduler: EventScheduler) {
        let shard = shards[core]
        let clock = self.clock, report = self.report, idleTimeout = self.idleTimeout
        let now = clock()
        scheduler.every(nanoseconds: clockResolution, now: now) { shard.tick(now: clock()) }
        scheduler.every(nanoseconds: reportInterval, now: now) { report(shard.sweep(now: clock(), idleTimeout: idleTimeout)) }
    }

    /// The monitor as an NF on core `core`: counts every packet of `input` and passes it on.
    @inlinable
    public func monitor<Input: BatchOperator>(core: Int, _ input: Input) -> Transform<Input> {
        let shard = shards[core]
        return input.transform { shard.count($0) }
    }
}
