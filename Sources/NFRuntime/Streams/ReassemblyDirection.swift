import Glibc

/// What a `window` knows about one direction of a connection: where the stream starts and how
/// far it is delivered, what the receiver acknowledged and allows (learnt from the other
/// direction's packets), and the segments it keeps in the window's `SegmentStore`:
/// out of order (waiting for a hole) and delivered-but-unacknowledged (to check retransmissions).
///
/// Invariants: out-of-order records start after `nextSequence` and are sorted by sequence;
/// retained records are sorted, end at or before `nextSequence`, and together cover
/// `verifiedFrom ..< nextSequence`. All sequence comparisons are modulo 2^32.
@usableFromInline
struct ReassemblyDirection {
    @usableFromInline typealias Index = SegmentStore.Index

    @usableFromInline var started = false
    /// Started at the first segment seen instead of after a SYN.
    @usableFromInline var midStream = false
    /// No more bytes are delivered (FIN delivered, or given up under `failOpen`).
    @usableFromInline var closed = false
    /// The FIN was delivered (the receiver's next expected sequence is one past it).
    @usableFromInline var finished = false
    @usableFromInline var synSequence: UInt32 = 0
    @usableFromInline var sawSYN = false
    /// Window scale this side announced in its SYN (applies to windows it advertises).
    @usableFromInline var windowScale: UInt8?
    /// Next sequence number to deliver; stream offset of it.
    @usableFromInline var nextSequence: UInt32 = 0
    @usableFromInline var offset: UInt64 = 0
    @usableFromInline var finSequence: UInt32?
    /// One past the highest sequence number seen (FIN included).
    @usableFromInline var highestSequence: UInt32 = 0
    /// The receiver's highest acknowledgment of this direction's bytes.
    @usableFromInline var acknowledged: UInt32?
    /// The highest sequence the receiver's window allows to start at (ack + scaled window).
    @usableFromInline var rightEdge: UInt32?
    @usableFromInline var outOfOrderHead: Index = SegmentStore.none
    @usableFromInline var outOfOrderCount = 0
    @usableFromInline var outOfOrderBytes = 0
    @usableFromInline var retainedHead: Index = SegmentStore.none
    @usableFromInline var retainedTail: Index = SegmentStore.none
    @usableFromInline var retainedCount = 0
    @usableFromInline var verifiedFrom: UInt32 = 0
    /// Set while a packet of this direction is held: the first byte the receiver lacks.
    @usableFromInline var heldFrom: UInt32?

    @inlinable init() {}

    /// Starts the stream with its first byte at `sequence`.
    @inlinable
    mutating func start(at sequence: UInt32, midStream: Bool) {
        started = true
        self.midStream = midStream
        nextSequence = sequence
        verifiedFrom = sequence
        highestSequence = sequence
    }

    /// The sequence number the receiver expects next (an RST must carry exactly this).
    @inlinable
    var receiverNext: UInt32 {
        if let held = heldFrom { return held }
        return finished ? nextSequence &+ 1 : nextSequence
    }

    /// Lets go of retained records the receiver acknowledged (`acknowledged` covers them).
    @inlinable
    mutating func releaseAcknowledged(_ store: SegmentStore) {
        guard let ack = acknowledged else { return }
        while retainedHead != SegmentStore.none, !SequenceNumber.after(store.end(retainedHead), ack) {
            popRetained(store)
        }
        if SequenceNumber.after(ack, verifiedFrom) { verifiedFrom = SequenceNumber.min(ack, nextSequence) }
    }

    /// Appends a delivered record; past `limit` records the oldest goes (its bytes can no
    /// longer be checked unless acknowledged).
    @inlinable
    mutating func retain(_ i: Index, limit: Int, _ store: SegmentStore) {
        if retainedCount >= limit { popRetained(store) }
        if retainedTail == SegmentStore.none {
            retainedHead = i
        } else {
            store.setNext(retainedTail, i)
        }
        store.setNext(i, SegmentStore.none)
        retainedTail = i
        retainedCount &+= 1
    }

    @inlinable
    mutating func popRetained(_ store: SegmentStore) {
        let i = retainedHead
        verifiedFrom = SequenceNumber.max(verifiedFrom, store.end(i))
        retainedHead = store.next(i)
        if retainedHead == SegmentStore.none { retainedTail = SegmentStore.none }
        retainedCount &-= 1
        store.remove(i)
    }

    /// Forgets every retained record: bytes before `nextSequence` can no longer be checked.
    @inlinable
    mutating func dropRetained(_ store: SegmentStore) {
        while retainedHead != SegmentStore.none { popRetained(store) }
        verifiedFrom = nextSequence
    }

    /// Inserts an out-of-order record in sequence order.
    @inlinable
    mutating func insertOutOfOrder(_ i: Index, _ store: SegmentStore) {
        let seq = store.sequence(i)
        var previous = SegmentStore.none, cursor = outOfOrderHead
        while cursor != SegmentStore.none, !SequenceNumber.after(store.sequence(cursor), seq) {
            previous = cursor
            cursor = store.next(cursor)
        }
        store.setNext(i, cursor)
        if previous == SegmentStore.none { outOfOrderHead = i } else { store.setNext(previous, i) }
        outOfOrderCount &+= 1
        outOfOrderBytes &+= store.length(i)
    }

    /// Removes the first out-of-order record (the caller keeps or removes it from the store).
    @inlinable
    mutating func popOutOfOrder(_ store: SegmentStore) -> Index {
        let i = outOfOrderHead
        outOfOrderHead = store.next(i)
        outOfOrderCount &-= 1
        outOfOrderBytes &-= store.length(i)
        return i
    }

    /// Whether the bytes of `payload` (starting at `sequence`) in `from ..< to` equal those the
    /// records of the list at `head` hold at the same sequence numbers.
    @inlinable
    static func agrees(_ payload: UnsafeRawBufferPointer, sequence: UInt32, from: UInt32, to: UInt32,
                       list head: Index, _ store: SegmentStore) -> Bool {
        var i = head
        while i != SegmentStore.none {
            let s = store.sequence(i), e = store.end(i)
            if !SequenceNumber.before(s, to) { break }
            let lo = SequenceNumber.max(s, from), hi = SequenceNumber.min(e, to)
            if SequenceNumber.before(lo, hi) {
                let count = Int(hi &- lo)
                let mine = payload.baseAddress! + Int(lo &- sequence)
                let theirs = store.bytes(i).baseAddress! + Int(lo &- s)
                if memcmp(mine, theirs, count) != 0 { return false }
            }
            i = store.next(i)
        }
        return true
    }

    /// Returns every record to the store (the direction is over).
    @inlinable
    mutating func releaseAll(_ store: SegmentStore, bufferedBytes: inout Int) {
        while retainedHead != SegmentStore.none { popRetained(store) }
        bufferedBytes &-= outOfOrderBytes
        while outOfOrderHead != SegmentStore.none { store.remove(popOutOfOrder(store)) }
    }
}
