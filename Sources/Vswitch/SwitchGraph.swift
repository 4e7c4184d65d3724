import Enforcer
import NFRuntime

/// Builds the NF graph one core runs:
///
/// ```
/// rx (this core's ports) ─► merge ─► parse Ethernet ─► L2Forward (learn, pick output port)
///   ─► [inspection point] ─► SwitchSink (unicast / flood / filter, tx queue of this core)
/// ```
///
/// The inspection point is where the enforcer plugs in: TCP-over-IPv4 frames branch off
/// (`groupBy`), are parsed to TCP and go through `window` with a `StreamConsumer` that sees every
/// connection's bytes in order and returns a verdict per packet (forward, hold, drop); the branch
/// then rejoins the rest before the sink. With several cores the branch first `shuffle`s by the
/// connection's symmetric hash, so both directions of a connection meet on one core whatever queue
/// the device put them on (af_packet fanout can split a flow) and stream state stays core-local.
/// The consumer is the `Enforcer` when an application has a compiled spec, else `StreamStatistics`
/// (`inspect_streams: true`). When the enforcer drops a violation, or with `stream_anomalies:
/// reset`, the RSTs the window asks for come out of a `SendResets` source merged in before the
/// sink (each to its endpoint's port).
enum SwitchGraph {
    /// The per-core resources a graph is built from.
    struct CoreResources {
        let core: Int
        let receivePorts: [DPDKPort]
        let transmitPorts: [DPDKPort]
        let table: MACLearningTable
        let counters: UnsafeMutablePointer<SwitchCounters>
        let streamCounters: UnsafeMutablePointer<StreamStatistics.Counters>?
        /// Reassembly bounds of the inspection branch (`inspectionLimits`).
        let limits: WindowLimits
        /// Where the window's resets go out, when it kills connections (fail closed).
        let resets: SendResets<DPDKMbufPool>?
        /// The enforcer of this core, when applications are enforced.
        let enforcer: Enforcer?
        /// Where the window keeps held packets (the debugger's control server reaches them).
        let held: HeldPackets
        /// The rings between cores, when there is more than one.
        let exchange: ShuffleExchange?
    }

    /// The graph for one core; one indirect call per batch at the top (the sink), none per packet.
    static func build(_ r: CoreResources) -> ComposedRunnable {
        let received = Merge(r.receivePorts.map { $0.received() })
        let switched = L2Forward(parent: received.parse(Ethernet.self), table: r.table, counters: r.counters)
        guard let streamCounters = r.streamCounters else {
            return ComposedRunnable(switched.switchOut(to: r.transmitPorts))
        }
        let groups = switched.groupBy(2) { packet in packet.length >= 34 && isTCPOverIPv4(packet.header) ? 1 : 0 }
        let inspected = r.exchange.map { groups.branches[1].shuffle($0, core: r.core).compose() } ?? groups.branches[1].compose()
        let segments = inspected.parse(IPv4.self).parse(TCP.self)
        let resetQueue = r.resets?.queue ?? ResetQueue(capacity: 1)
        let streams = r.enforcer.map { segments.window($0, limits: r.limits, resets: resetQueue, held: r.held).deparse().deparse().compose() }
            ?? segments.window(StreamStatistics(counters: streamCounters, failurePolicy: r.limits.failurePolicy), limits: r.limits, resets: resetQueue)
                .deparse().deparse().compose()
        var branches = [groups.branches[0].compose(), streams]
        if let resets = r.resets { branches.append(resets.parse(Ethernet.self).compose()) }
        let rejoined = Merge(branches)
        return ComposedRunnable(rejoined.switchOut(to: r.transmitPorts))
    }

    /// Reassembly bounds for the inspection branch of one of `cores` cores sharing a pool of
    /// `mbufs`. The window keeps frames by reference, so the segments it may keep are a quarter
    /// of this core's share of the pool (receive rings and batches in flight need the rest). A
    /// direction may have most of a TCP window in flight behind one lost segment, so it may use
    /// a quarter of that. A stream the window cannot follow is given up (fail open), or, with
    /// `stream_anomalies: reset` or when applications are enforced, its connection is reset (fail closed).
    static func inspectionLimits(mbufs: Int, cores: Int, failClosed: Bool) -> WindowLimits {
        var limits = WindowLimits()
        limits.maxFlows = 16_384
        limits.maxStoredSegments = max(256, mbufs / (4 * cores))
        limits.maxOutOfOrderSegments = limits.maxStoredSegments / 4
        limits.maxOutOfOrderBytes = 4 << 20
        limits.maxBufferedBytes = 64 << 20
        limits.failurePolicy = failClosed ? .failClosed : .failOpen
        return limits
    }

    /// Whether an untagged Ethernet frame carries an unfragmented TCP segment in IPv4 (what the
    /// inspection branch takes; fragments are switched at L2 unexamined until reassembly handles them).
    @inline(__always)
    static func isTCPOverIPv4(_ eth: Ethernet) -> Bool {
        let ip = IPv4(at: eth.base + 14)
        return eth.etherType == Ethernet.ipv4 && ip.protocolNumber == IPv4.tcp && !ip.isFragment
    }
}
