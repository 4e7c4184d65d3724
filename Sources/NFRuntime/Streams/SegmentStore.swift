/// The segments every `window` keeps, in one fixed-capacity table: out-of-order segments waiting
/// for a hole to fill, and delivered segments kept until the receiver acknowledges them (to check
/// retransmissions against what was delivered).
///
/// A record holds a reference to the packet's own buffer (the frame is forwarded and retained,
/// never copied) and the sequence range of its payload. Records of one direction form singly
/// linked lists sorted by sequence number. Storage is allocated once in `init`; `insert` fails
/// when the table is full (the caller names the limit), so steady state allocates nothing.
/// Buffers still referenced at deinit are released.
public final class SegmentStore {
    /// Index of a record; `SegmentStore.none` ends a list.
    public typealias Index = Int32
    @inlinable public static var none: Index { -1 }

    @usableFromInline let buffers: UnsafeMutablePointer<PacketBuffer>
    @usableFromInline let payloads: UnsafeMutablePointer<UnsafeRawPointer>
    @usableFromInline let sequences: UnsafeMutablePointer<UInt32>
    @usableFromInline let lengths: UnsafeMutablePointer<Int32>
    @usableFromInline let links: UnsafeMutablePointer<Index>
    @usableFromInline var freeHead: Index
    /// Records in use (out-of-order and retained, all flows).
    @usableFromInline var _count = 0
    public var count: Int { _count }
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0 && capacity < Int(Int32.max))
        self.capacity = capacity
        buffers = .allocate(capacity: capacity)
        payloads = .allocate(capacity: capacity)
        sequences = .allocate(capacity: capacity)
        lengths = .allocate(capacity: capacity)
        links = .allocate(capacity: capacity)
        for i in 0..<capacity { links[i] = i + 1 < capacity ? Index(i + 1) : Self.none }
        freeHead = 0
    }

    deinit {
        // Records still in lists hold buffer references; the lists' owners are gone, so find
        // the used records as those not on the free list.
        let used = UnsafeMutableBufferPointer<Bool>.allocate(capacity: capacity)
        used.initialize(repeating: true)
        var i = freeHead
        while i != Self.none {
            used[Int(i)] = false
            i = links[Int(i)]
        }
        for k in 0..<capacity where used[k] { buffers[k].release() }
        used.deallocate()
        buffers.deallocate()
        payloads.deallocate()
        sequences.deallocate()
        lengths.deallocate()
        links.deallocate()
    }

    /// Takes a reference to `buffer` and records its payload `payload` as starting at sequence
    /// `sequence`. Returns the record (not yet in any list), or nil when the table is full.
    @inlinable
    public func insert(_ buffer: PacketBuffer, payload: UnsafeRawBufferPointer, sequence: UInt32) -> Index? {
        let i = freeHead
        guard i != Self.none else { return nil }
        freeHead = links[Int(i)]
        buffer.retain(1)
        (buffers + Int(i)).initialize(to: buffer)
        payloads[Int(i)] = payload.baseAddress ?? UnsafeRawPointer(buffer.data)
        sequences[Int(i)] = sequence
        lengths[Int(i)] = Int32(payload.count)
        links[Int(i)] = Self.none
        _count &+= 1
        return i
    }

    /// Drops the record's buffer reference and returns it to the free table.
    @inlinable
    public func remove(_ i: Index) {
        (buffers + Int(i)).move().release()
        links[Int(i)] = freeHead
        freeHead = i
        _count &-= 1
    }

    @inlinable public func sequence(_ i: Index) -> UInt32 { sequences[Int(i)] }
    @inlinable public func length(_ i: Index) -> Int { Int(lengths[Int(i)]) }
    /// Sequence number one past the record's last byte.
    @inlinable public func end(_ i: Index) -> UInt32 { sequences[Int(i)] &+ UInt32(lengths[Int(i)]) }
    @inlinable public func bytes(_ i: Index) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: payloads[Int(i)], count: Int(lengths[Int(i)]))
    }
    @inlinable public func next(_ i: Index) -> Index { links[Int(i)] }
    @inlinable public func setNext(_ i: Index, _ next: Index) { links[Int(i)] = next }
}
