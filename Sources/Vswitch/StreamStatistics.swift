import NFRuntime

/// A stream consumer that counts what the runtime's `window` reassembles: the switch's
/// `inspect_streams` mode, and the slot the enforcer's RPC decoder takes (see SwitchGraph).
struct StreamStatistics: StreamConsumer {
    let counters: UnsafeMutablePointer<Counters>
    /// What the window does with a stream it cannot follow (for the incident log).
    let failurePolicy: WindowLimits.FailurePolicy
    var incidents = StreamIncidentLog()

    struct Counters: Equatable {
        var bytes: UInt64 = 0
        var streamsFinished: UInt64 = 0
        var streamsReset: UInt64 = 0
        var streamsAbandoned: UInt64 = 0
        /// Streams that ended on an evasion anomaly (a subset of the abandoned).
        var streamAnomalies: UInt64 = 0
    }

    /// Streams are counted when they end, not when they start.
    mutating func open(_ flow: StreamID, midStream: Bool) {}

    mutating func consume(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, of flow: StreamID) -> StreamVerdict {
        counters.pointee.bytes &+= UInt64(bytes.count)
        return .forward
    }

    mutating func close(_ flow: StreamID, reason: StreamCloseReason) {
        switch reason {
        case .finished: counters.pointee.streamsFinished &+= 1
        case .reset: counters.pointee.streamsReset &+= 1
        case .anomaly:
            counters.pointee.streamsAbandoned &+= 1
            counters.pointee.streamAnomalies &+= 1
            logIncident(flow, reason)
        case .limitExceeded:
            counters.pointee.streamsAbandoned &+= 1
            logIncident(flow, reason)
        case .idle, .evicted, .killed: counters.pointee.streamsAbandoned &+= 1
        }
    }

    /// Both directions of a connection close with the reason; the connection is logged once.
    private mutating func logIncident(_ flow: StreamID, _ reason: StreamCloseReason) {
        let bothClosed = failurePolicy == .failClosed
        guard !(bothClosed && flow.isResponse) else { return }
        incidents.record(flow, reason, outcome: bothClosed ? "packet dropped, both endpoints reset" : "forwarded unexamined from here on")
    }
}
