/// `transform`: runs a UDF on every packet; it may change headers, payload size and metadata.
public struct Transform<Parent: BatchOperator>: BatchOperator {
    public typealias Stack = Parent.Stack
    public var parent: Parent
    @usableFromInline let udf: (Packet<Stack>) -> Void

    @inlinable init(parent: Parent, udf: @escaping (Packet<Stack>) -> Void) {
        self.parent = parent
        self.udf = udf
    }

    @inlinable
    public mutating func nextBatch(into batch: PacketBatch) {
        parent.nextBatch(into: batch)
        for i in 0..<batch.count { udf(Packet(slot: batch.slot(i))) }
    }
}
