/// `parse<H>`: pushes header `H` onto each packet's stack (thesis ch. 3.1.1).
///
/// The layer protocols make the order a compile-time fact (TCP parses only on IPv4/IPv6). At run
/// time a packet is kept only if the header below announces `H` (ethertype, IP protocol) and `H`
/// is well-formed within the frame (`PacketHeader.isValid`); the others are dropped and counted in
/// `mismatched`, so a branch that parses TCP sees only TCP. Route other traffic with `groupBy`
/// before parsing when it must go elsewhere.
public struct Parse<Parent: BatchOperator, H: PacketHeader>: BatchOperator {
    public typealias Stack = Stacked<H, Parent.Stack>
    public var parent: Parent
    /// Packets dropped because they did not carry a valid `H`.
    public var mismatched: UInt64 = 0

    @inlinable init(parent: Parent) { self.parent = parent }

    @inlinable
    public mutating func nextBatch(into batch: PacketBatch) {
        parent.nextBatch(into: batch)
        let depth = Parent.Stack.depth
        precondition(depth < PacketSlot.maxDepth, "header stack deeper than PacketSlot.maxDepth")
        mismatched &+= UInt64(batch.removeAll { slot in
            let storage = slot.pointee.buffer.storage
            let lowerOffset = slot.pointee.headerOffset(depth)
            let lower = Parent.Stack.Top(at: storage + lowerOffset)
            guard lower.next == H.code else { return false }
            let offset = lowerOffset &+ lower.length
            let end = Int(slot.pointee.buffer.dataOffset) &+ Int(slot.pointee.buffer.length)
            guard offset &+ H.minimumLength <= end, H(at: storage + offset).isValid(available: end &- offset) else {
                return false
            }
            slot.pointee.setHeaderOffset(depth &+ 1, offset)
            return true
        })
    }
}

/// `deparse`: pops the top header, returning its bytes to the payload.
public struct Deparse<Parent: BatchOperator>: BatchOperator where Parent.Stack: NonEmptyHeaderStack {
    public typealias Stack = Parent.Stack.Below
    public var parent: Parent

    @inlinable init(parent: Parent) { self.parent = parent }

    @inlinable
    public mutating func nextBatch(into batch: PacketBatch) {
        parent.nextBatch(into: batch)
    }
}

/// Stacks with at least one parsed header: only these can be deparsed.
public protocol NonEmptyHeaderStack: HeaderStack {}
extension Stacked: NonEmptyHeaderStack {}
