/// A node of an NF graph that produces batches of packets typed by `Stack`.
///
/// Graphs are pull-based, as in NetBricks: a sink asks its parent for a batch, which asks its own
/// parent, down to a port. Each operator is a generic struct wrapping its parent, so a whole chain
/// is one specialised type and the compiler inlines it; no existential, no per-packet allocation.
///
/// The contract, stated once: every packet an operator takes from its parent is either in the
/// batch it returns, dropped (released and counted), or handed on to a queue it owns (group-by
/// branches, other cores, a hold queue); nothing is lost silently.
public protocol BatchOperator {
    associatedtype Stack: HeaderStack
    /// Appends the next packets to `batch` (which arrives empty). May append none.
    mutating func nextBatch(into batch: PacketBatch)
}

/// The end of a chain: something a core runs over and over (a port sink, a drop sink).
public protocol BatchRunnable {
    /// Pulls and disposes of one batch; returns the number of packets it handled.
    mutating func runOnce() -> Int
}
