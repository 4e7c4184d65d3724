/// A type-erased operator: the explicit composition boundary of an NF graph.
///
/// Erasure costs one indirect call per *batch* (never per packet); use it where branches of
/// different types must meet (`Merge`) or where an NF is handed to code that cannot name its type.
public final class ComposedOperator<Stack: HeaderStack>: BatchOperator {
    @usableFromInline let pull: (PacketBatch) -> Void

    @inlinable
    public init<Op: BatchOperator>(_ op: Op) where Op.Stack == Stack {
        var op = op
        pull = { op.nextBatch(into: $0) }
    }

    @inlinable
    public func nextBatch(into batch: PacketBatch) { pull(batch) }
}

/// A type-erased sink, for a core that runs several sinks in turn (one indirect call per batch).
public final class ComposedRunnable: BatchRunnable {
    @usableFromInline let run: () -> Int

    @inlinable
    public init<R: BatchRunnable>(_ r: R) {
        var r = r
        run = { r.runOnce() }
    }

    @inlinable public func runOnce() -> Int { run() }
}
