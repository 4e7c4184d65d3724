/// Bounds on what one `window` may keep: named limits on untrusted input, each with a stated
/// outcome when hit (the flow is forwarded unexamined and the consumer told why).
public struct WindowLimits: Sendable {
    /// Connections followed at once.
    public var maxFlows = 65_536
    /// Out-of-order bytes buffered per direction before the stream is given up.
    public var maxOutOfOrderBytes = 256 * 1024
    /// Out-of-order segments buffered per direction.
    public var maxOutOfOrderSegments = 64
    /// Out-of-order bytes buffered across all flows (global reassembly memory).
    public var maxBufferedBytes = 64 << 20
    /// Nanoseconds without a packet after which a flow is closed as idle.
    public var idleTimeout: UInt64 = 300_000_000_000
    /// Packets held at once.
    public var maxHeld = 1024
    public init() {}
}
