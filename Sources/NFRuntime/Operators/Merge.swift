/// `merge`: joins branches into one graph; each pull serves the next branch with packets,
/// round-robin, so no branch starves another.
///
/// All branches share one type: use the `GroupBranch`es of one group-by as they are, or erase
/// differently-built branches with `compose()` (one indirect call per batch).
public struct Merge<Branch: BatchOperator>: BatchOperator {
    public typealias Stack = Branch.Stack
    public var branches: [Branch]
    @usableFromInline var nextBranch = 0

    @inlinable public init(_ branches: [Branch]) {
        precondition(!branches.isEmpty, "merge needs at least one branch")
        self.branches = branches
    }

    @inlinable
    public mutating func nextBatch(into batch: PacketBatch) {
        for _ in 0..<branches.count {
            let b = nextBranch
            nextBranch = (nextBranch &+ 1) % branches.count
            branches[b].nextBatch(into: batch)
            if !batch.isEmpty { return }
        }
    }
}
