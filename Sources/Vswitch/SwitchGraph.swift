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
/// Today the consumer is `StreamStatistics` (`inspect_streams: true`); the enforcer issue
/// substitutes its RPC-decoding consumer.
enum SwitchGraph {
    /// The per-core resources a graph is built from.
    struct CoreResources {
        let core: Int
        let receivePorts: [DPDKPort]
        let transmitPorts: [DPDKPort]
        let table: MACLearningTable
        let counters: UnsafeMutablePointer<SwitchCounters>
        let streamCounters: UnsafeMutablePointer<StreamStatistics.Counters>?
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
        let streams = inspected
            .parse(IPv4.self).parse(TCP.self)
            .window(StreamStatistics(counters: streamCounters), limits: inspectionLimits)
            .deparse().deparse()
        let rejoined = Merge([groups.branches[0].compose(), streams.compose()])
        return ComposedRunnable(rejoined.switchOut(to: r.transmitPorts))
    }

    /// Reassembly bounds for the inspection branch. A direction may have a whole TCP receive
    /// window in flight behind one lost segment (Linux's default tcp_rmem maximum is 6 MiB), so
    /// the per-direction bounds are generous; all flows together stay within 64 MiB.
    static var inspectionLimits: WindowLimits {
        var limits = WindowLimits()
        limits.maxFlows = 16_384
        limits.maxOutOfOrderSegments = 4096
        limits.maxOutOfOrderBytes = 4 << 20
        limits.maxBufferedBytes = 64 << 20
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
