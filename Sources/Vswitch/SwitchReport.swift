import Foundation
import NFRuntime

/// The switch's counters at one moment: printed as the periodic stats line and written as JSON
/// (`--stats-json`) for scripts and tests.
struct SwitchReport: Codable, Equatable {
    struct Port: Codable, Equatable {
        var name: String
        var device: String
        var rxPackets: UInt64
        var rxBytes: UInt64
        var txPackets: UInt64
        var txBytes: UInt64
        /// Frames the transmit queue refused (released).
        var txDropped: UInt64
        /// The device's own counters (rte_eth_stats): missed and errored frames.
        var deviceRxMissed: UInt64
        var deviceRxErrors: UInt64
        var deviceTxErrors: UInt64

        enum CodingKeys: String, CodingKey {
            case name, device, rxPackets = "rx_packets", rxBytes = "rx_bytes", txPackets = "tx_packets"
            case txBytes = "tx_bytes", txDropped = "tx_dropped", deviceRxMissed = "device_rx_missed"
            case deviceRxErrors = "device_rx_errors", deviceTxErrors = "device_tx_errors"
        }
    }
    /// One polling core's time since its loop started, and the part in iterations that handled
    /// packets (`LoopTime`), and the iterations of each; the difference of two reports gives a
    /// window's busy share and what an idle poll costs.
    struct Core: Codable, Equatable {
        var core: Int
        var seconds: Double
        var busySeconds: Double
        var iterations: UInt64
        var busyIterations: UInt64

        init(core: Int, time: LoopTime) {
            self.core = core
            seconds = Double(time.nanoseconds) / 1e9
            busySeconds = Double(time.busyNanoseconds) / 1e9
            iterations = time.iterations
            busyIterations = time.busyIterations
        }

        enum CodingKeys: String, CodingKey {
            case core, seconds, busySeconds = "busy_seconds", iterations, busyIterations = "busy_iterations"
        }
    }
    var uptimeSeconds: Double
    var ports: [Port]
    var unicast: UInt64
    var flooded: UInt64
    var filtered: UInt64
    var macAddresses: Int
    var macTableFull: UInt64
    var streamBytes: UInt64?
    var streamsFinished: UInt64?
    var streamsReset: UInt64?
    var streamsAbandoned: UInt64?
    var streamAnomalies: UInt64?
    /// TCP resets the switch sent (two per connection it reset).
    var resetsSent: UInt64?
    var cores: [Core]
    /// Mbufs not in the pool. In the final report: after the ports closed (0 with af_packet;
    /// DPDK 22.11's af_xdp PMD does not return the mbufs of its fill ring on close).
    var mbufsInUse: Int
    /// In the final report: mbufs the switch's own graph still held when its loops ended, beyond
    /// what the ports' receive rings held at start (0 after a clean shutdown).
    var mbufsHeldBySwitch: Int?

    enum CodingKeys: String, CodingKey {
        case uptimeSeconds = "uptime_seconds", ports, unicast, flooded, filtered
        case macAddresses = "mac_addresses", macTableFull = "mac_table_full", streamBytes = "stream_bytes"
        case streamsFinished = "streams_finished", streamsReset = "streams_reset", streamsAbandoned = "streams_abandoned"
        case streamAnomalies = "stream_anomalies", resetsSent = "resets_sent", cores
        case mbufsInUse = "mbufs_in_use", mbufsHeldBySwitch = "mbufs_held_by_switch"
    }

    /// The one-line form: totals first, then each port.
    var line: String {
        let rx = ports.reduce(0) { $0 + $1.rxPackets }, tx = ports.reduce(0) { $0 + $1.txPackets }
        var s = String(format: "vswitch %.0fs rx=%llu tx=%llu unicast=%llu flood=%llu filtered=%llu macs=%d",
                       uptimeSeconds, rx, tx, unicast, flooded, filtered, macAddresses)
        if let b = streamBytes {
            s += " stream_bytes=\(b) streams_abandoned=\(streamsAbandoned ?? 0) stream_anomalies=\(streamAnomalies ?? 0)"
        }
        if let r = resetsSent { s += " resets_sent=\(r)" }
        for c in cores where c.seconds > 0 {
            s += String(format: " core%d_busy=%.1f%%", c.core, 100 * c.busySeconds / c.seconds)
        }
        for p in ports {
            s += " | \(p.name) rx=\(p.rxPackets) tx=\(p.txPackets)"
            if p.txDropped > 0 { s += " txdrop=\(p.txDropped)" }
            if p.deviceRxMissed > 0 { s += " missed=\(p.deviceRxMissed)" }
        }
        return s
    }

    /// Writes the report as JSON to `path`, atomically (readers never see half a file).
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
