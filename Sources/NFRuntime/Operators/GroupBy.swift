/// `groupBy`: splits one graph into `count` branches by a UDF returning the group of each packet.
///
/// The node is shared by its branches (a class: the one composition point of a group-by). A
/// branch that finds its queue empty pulls one batch from the parent and distributes it to every
/// branch's queue. Each queue holds `queueCapacity` packets; a packet whose group is out of range
/// or whose queue is full is dropped and counted (`unrouted`, `overflowed`). Run every branch
/// from the same core, each once per round, and no queue overflows.
public final class GroupBy<Parent: BatchOperator> {
    public typealias Stack = Parent.Stack
    @usableFromInline var parent: Parent
    @usableFromInline let classify: (Packet<Stack>) -> Int
    @usableFromInline let queues: [SlotQueue]
    @usableFromInline let scratch: PacketBatch
    public var unrouted: UInt64 = 0
    public var overflowed: UInt64 = 0

    /// Queue size per branch: two full batches, so a branch that misses one round loses nothing.
    @inlinable public static var queueCapacity: Int { 2 * PacketBatch.defaultCapacity }

    @inlinable init(parent: Parent, count: Int, classify: @escaping (Packet<Stack>) -> Int) {
        precondition(count > 0, "groupBy needs at least one group")
        self.parent = parent
        self.classify = classify
        queues = (0..<count).map { _ in SlotQueue(capacity: GroupBy.queueCapacity) }
        scratch = PacketBatch()
    }

    /// The branches, in group order.
    public var branches: [GroupBranch<Parent>] { (0..<queues.count).map { GroupBranch(node: self, group: $0) } }

    @inlinable
    func deliver(group: Int, into batch: PacketBatch) {
        if queues[group].isEmpty {
            pull()
            if queues[group].isEmpty { return } // an idle poll
        }
        queues[group].drain(into: batch)
    }

    @inlinable
    func pull() {
        parent.nextBatch(into: scratch)
        if scratch.isEmpty { return } // an idle poll: nothing to classify
        let queues = self.queues
        let classify = self.classify
        var unrouted: UInt64 = 0, overflowed: UInt64 = 0
        scratch.drain { slot in
            var s = slot
            let g = withUnsafeMutablePointer(to: &s) { classify(Packet(slot: $0)) }
            guard g >= 0, g < queues.count else {
                s.buffer.release()
                unrouted &+= 1
                return
            }
            if let rejected = queues[g].push(s) {
                rejected.buffer.release()
                overflowed &+= 1
            }
        }
        self.unrouted &+= unrouted
        self.overflowed &+= overflowed
    }
}

/// One output of a `GroupBy`: the packets the UDF put in `group`.
public struct GroupBranch<Parent: BatchOperator>: BatchOperator {
    public typealias Stack = Parent.Stack
    public let node: GroupBy<Parent>
    public let group: Int

    @inlinable
    public mutating func nextBatch(into batch: PacketBatch) {
        node.deliver(group: group, into: batch)
    }
}
