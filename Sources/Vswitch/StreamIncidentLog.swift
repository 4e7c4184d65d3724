import Glibc
import NFRuntime

/// Logs streams that inspection could not follow (an evasion anomaly or a reassembly limit),
/// one line each on standard error, at most `perSecond` lines a second so that a flood of bad
/// traffic cannot flood the log (the rest are counted and the count is logged).
///
/// Cold path: called only when a stream ends that way, on the core that owns the flow.
struct StreamIncidentLog {
    static let perSecond = 20
    var windowStart: UInt64 = 0
    var logged = 0
    var suppressed = 0

    /// `outcome` says what the switch did (reset, or forwarded unexamined).
    mutating func record(_ flow: StreamID, _ reason: StreamCloseReason, outcome: String) {
        let now = MonotonicClock.nanoseconds()
        if now &- windowStart >= 1_000_000_000 {
            if suppressed > 0 { emit("vswitch: \(suppressed) more stream incidents not logged in the last second") }
            windowStart = now
            logged = 0
            suppressed = 0
        }
        guard logged < Self.perSecond else {
            suppressed += 1
            return
        }
        logged += 1
        emit("vswitch: stream \(flow) \(Self.describe(reason)): \(outcome)")
    }

    static func describe(_ reason: StreamCloseReason) -> String {
        switch reason {
        case .anomaly(let a): "evasion anomaly \(a.rawValue)"
        case .limitExceeded(let l): "reassembly limit \(l.rawValue) hit"
        default: "\(reason)"
        }
    }

    private func emit(_ line: String) {
        let text = line + "\n"
        _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
