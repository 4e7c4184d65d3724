import Glibc
import NFRuntime

/// Turns SIGINT and SIGTERM into a `StopSignal` the core loops poll: the switch finishes the
/// batch in hand, then shuts down cleanly.
enum SignalStop {
    nonisolated(unsafe) private static var signal: StopSignal?

    static func install(_ stop: StopSignal) {
        signal = stop
        for s in [SIGINT, SIGTERM] {
            Glibc.signal(s) { _ in SignalStop.signal?.stop() }
        }
    }
}
