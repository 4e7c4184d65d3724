import RPCDecode

/// What the cores check messages against while debuggers are attached, replaced whole (under the
/// hub's lock) when a breakpoint, step or session changes; each core keeps the latest it read.
struct DebugArming: Sendable {
    /// Some session is attached: record messages for backtraces.
    var attached = false
    var breakpoints: [CompiledBreakpoint] = []
    /// Request id → the session stepping through it.
    var stepping: [TraceID: Int] = [:]

    static let idle = DebugArming()
}
