/// Traffic a window refuses to interpret because the receiver could end up with bytes other than
/// those the consumer saw (evasion in the sense of Ptacek & Newsham, 1998). Each is reported with
/// `StreamCloseReason.anomaly` and handled by `WindowLimits.failurePolicy`.
public enum StreamAnomaly: String, Sendable, Equatable {
    /// A segment carries bytes that differ from bytes already seen at the same sequence numbers
    /// (delivered and unacknowledged, or waiting out of order): which copy the receiver keeps
    /// depends on its stack, so neither may be trusted.
    case inconsistentOverlap
    /// A retransmission covers bytes the receiver has not acknowledged that the window no
    /// longer holds (past `maxRetainedSegments`, or from before a mid-stream pickup).
    case uncheckableRetransmission
    /// A segment with the URG flag and data: stacks remove the urgent byte from the stream
    /// (unless SO_OOBINLINE), so the receiver's stream would differ from the consumer's.
    case urgentData
}
