/// Bounds on what one `window` may keep: named limits on untrusted input, each with a stated
/// outcome when hit (`WindowLimit` names them; `failurePolicy` says what happens to the flow).
///
/// Memory of a window is bounded by these whatever the packets: flows by `maxFlows` (a
/// fixed-capacity table), kept segments by `maxStoredSegments` (each a reference to one frame
/// buffer, so size it well below the packet pool), out-of-order bytes by `maxBufferedBytes`.
public struct WindowLimits: Sendable {
    /// Connections followed at once: the flow table's fixed capacity. When it is full a new
    /// connection evicts the least recently seen of `evictionScan` candidates (`.evicted`).
    public var maxFlows = 65_536
    /// Out-of-order bytes kept per direction (`WindowLimit.outOfOrderBytes`): room for a
    /// Linux receive window of a few MiB behind one lost segment.
    public var maxOutOfOrderBytes = 4 << 20
    /// Out-of-order segments kept per direction (`WindowLimit.outOfOrderSegments`): bounds a
    /// flood of tiny segments past a hole, yet holds about 1.4 MiB of full-sized segments
    /// (64 was hit by real traffic losing one segment of a 200 KB exchange).
    public var maxOutOfOrderSegments = 1024
    /// Out-of-order bytes kept across all flows: global reassembly memory (`WindowLimit.bufferedBytes`).
    public var maxBufferedBytes = 64 << 20
    /// Segments (out-of-order and delivered-but-unacknowledged) kept across all flows: the
    /// segment table's capacity, i.e. frame buffers a window may pin (`WindowLimit.storedSegments`).
    public var maxStoredSegments = 8192
    /// Delivered segments kept per direction until acknowledged, to check retransmissions
    /// against. Past it the oldest is let go; a later retransmission of its bytes that the
    /// receiver has not acknowledged cannot be checked (`StreamAnomaly.uncheckableRetransmission`).
    public var maxRetainedSegments = 128
    /// Nanoseconds without a packet after which a flow is closed as idle.
    public var idleTimeout: UInt64 = 300_000_000_000
    /// Nanoseconds an ended connection is remembered (as TCP's TIME-WAIT, RFC 9293 §3.6.1):
    /// a closed one forwards its late packets without delivering them (a late retransmission
    /// is not a new stream), a killed one drops them. A SYN without ACK starts anew at once.
    public var closedFlowLinger: UInt64 = 60_000_000_000
    /// Packets held at once (debugger breakpoints); a hold past it drops the packet.
    public var maxHeld = 1024
    /// Flow-table slots examined to choose a victim when the table is full.
    public var evictionScan = 8
    /// Whether TCP checksums are verified; a segment that fails is dropped undelivered, as its
    /// receiver would drop it (its bytes must not reach the consumer).
    public var verifyChecksums = true
    /// What a hit limit or an evasion anomaly does to the flow.
    public var failurePolicy = FailurePolicy.failClosed

    public init() {}

    /// What a window does with a flow it can no longer follow faithfully.
    public enum FailurePolicy: Sendable, Equatable {
        /// Drop the packet, kill the flow (later packets dropped), and request resets to both
        /// endpoints: the default for enforced traffic.
        case failClosed
        /// Stop following the direction and forward its packets unexamined (monitoring only).
        case failOpen
    }
}

/// A named `WindowLimits` bound, reported when a flow hits it.
public enum WindowLimit: String, Sendable, Equatable {
    case outOfOrderBytes = "maxOutOfOrderBytes"
    case outOfOrderSegments = "maxOutOfOrderSegments"
    case bufferedBytes = "maxBufferedBytes"
    case storedSegments = "maxStoredSegments"
    case held = "maxHeld"
}
