/// `filter`: keeps packets for which the UDF returns true; drops (releases) and counts the rest.
public struct Filter<Parent: BatchOperator>: BatchOperator {
    public typealias Stack = Parent.Stack
    public var parent: Parent
    @usableFromInline let keep: (Packet<Stack>) -> Bool
    /// Packets the UDF rejected.
    public var dropped: UInt64 = 0

    @inlinable init(parent: Parent, keep: @escaping (Packet<Stack>) -> Bool) {
        self.parent = parent
        self.keep = keep
    }

    @inlinable
    public mutating func nextBatch(into batch: PacketBatch) {
        parent.nextBatch(into: batch)
        let keep = self.keep
        dropped &+= UInt64(batch.removeAll { keep(Packet(slot: $0)) })
    }
}
