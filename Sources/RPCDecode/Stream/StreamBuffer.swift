/// Holds the unconsumed tail of one direction's bytes between feeds, so parsers see contiguous
/// input and resume mid-frame.
///
/// Zero-copy when a feed holds whole frames: the parser reads the caller's bytes directly and
/// only an incomplete tail is copied. While a tail is pending, new bytes are appended to it and
/// parsing continues there. The storage is allocated once and reused.
struct StreamBuffer {
    private var pending: [UInt8] = []
    private var start = 0
    /// The stream offset of the next byte expected.
    private(set) var nextOffset: UInt64 = 0

    /// Number of buffered, unparsed bytes.
    var pendingCount: Int { pending.count - start }

    /// Offers `bytes` (at `offset`) after the pending tail to `parse`, which gets a contiguous
    /// buffer and the stream offset of its first byte and returns how many bytes it consumed
    /// (whole units only). Keeps the rest for next time.
    @inline(__always)
    mutating func feed(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, wire: RPCProtocol, direction: Direction,
                       _ parse: (UnsafeRawBufferPointer, UInt64) throws(DecodeError) -> Int) throws(DecodeError) {
        guard offset == nextOffset else {
            throw DecodeError(wire: wire, direction: direction, offset: offset, reason: .discontiguous(expected: nextOffset))
        }
        nextOffset = offset + UInt64(bytes.count)
        if pendingCount == 0 {
            let consumed = try parse(bytes, offset)
            if consumed < bytes.count {
                pending.removeAll(keepingCapacity: true)
                start = 0
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
            }
            return
        }
        pending.append(contentsOf: bytes)
        let base = nextOffset - UInt64(pendingCount)
        let unread = start
        let outcome = pending.withUnsafeBytes { all in
            Result { () throws(DecodeError) -> Int in try parse(UnsafeRawBufferPointer(rebasing: all[unread...]), base) }
        }
        start += try outcome.get()
        if start == pending.count {
            pending.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096 && start > pending.count / 2 {
            pending.removeSubrange(0..<start)
            start = 0
        }
    }
}
