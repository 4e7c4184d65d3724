import RPCDecode

/// The request ids of one connection's calls awaiting their responses, by stream id, kept while
/// a debugger is attached. A call lands in a small table indexed by its stream id, which needs
/// no hashing: HTTP/2 client streams are odd and consecutive, so 16 calls in flight take 16
/// different slots. A call whose slot another call in flight holds goes to a dictionary.
struct PendingTraces {
    private static let slotCount = 16
    private static let vacant = UInt64.max
    /// Allocated at the first call: connections that carry no request ids never allocate.
    private var streams: [UInt64] = []
    private var traces: [TraceID] = []
    private var overflow: [UInt64: TraceID] = [:]
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    private static func slot(of stream: UInt64) -> Int { Int(truncatingIfNeeded: stream >> 1) & (slotCount - 1) }

    /// Keeps `trace` for `stream`, unless `limit` calls are kept already.
    mutating func insert(_ trace: TraceID, for stream: UInt64, limit: Int) {
        if streams.isEmpty {
            streams = Array(repeating: Self.vacant, count: Self.slotCount)
            traces = Array(repeating: TraceID(high: 0, low: 0), count: Self.slotCount)
        }
        let slot = Self.slot(of: stream)
        if streams[slot] == stream {
            traces[slot] = trace
        } else if !overflow.isEmpty, overflow[stream] != nil {
            overflow[stream] = trace
        } else if count < limit {
            if streams[slot] == Self.vacant {
                streams[slot] = stream
                traces[slot] = trace
            } else {
                overflow[stream] = trace
            }
            count += 1
        }
    }

    /// The request id kept for `stream`.
    func trace(for stream: UInt64) -> TraceID? {
        guard !isEmpty else { return nil }
        let slot = Self.slot(of: stream)
        if streams[slot] == stream { return traces[slot] }
        return overflow.isEmpty ? nil : overflow[stream]
    }

    /// Forgets `stream`'s request id.
    mutating func remove(_ stream: UInt64) {
        guard !isEmpty else { return }
        let slot = Self.slot(of: stream)
        if streams[slot] == stream {
            streams[slot] = Self.vacant
            count -= 1
        } else if !overflow.isEmpty, overflow.removeValue(forKey: stream) != nil {
            count -= 1
        }
    }
}
