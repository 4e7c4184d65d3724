/// Reassembles gRPC length-prefixed messages (1-octet compressed flag, 4-octet big-endian length,
/// body; gRPC over HTTP/2 spec "Length-Prefixed-Message") from one direction of one stream's DATA
/// frames, which may split a message anywhere or carry several.
///
/// A message wholly inside one DATA payload is handed out in place (no copy); one that spans
/// frames is copied into `body`, which is reused.
struct GRPCMessageAssembler {
    /// Prefix octets collected so far (0–5).
    private var prefixCount = 0
    private var prefix: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0)
    /// Body octets still missing for the current message.
    private var remaining = 0
    /// Stream offset of the prefix's last octet (the end of an empty message).
    private var prefixEndOffset: UInt64 = 0
    private var body: [UInt8] = []

    /// Whether a message is partly received.
    var isMidMessage: Bool { prefixCount > 0 }

    /// One complete message found by `next`.
    struct Message {
        var compressed: Bool
        /// Stream offset of the message's last octet.
        var endOffset: UInt64
    }

    /// What `next` found.
    enum Found {
        /// The payload ended before the next message did.
        case needMore
        /// A message wholly inside the payload, at `body` (indices of the payload).
        case inPayload(Message, body: Range<Int>)
        /// A message that spanned frames; its body is in `withBufferedBody`.
        case buffered(Message)
        /// A prefix announced a message longer than the limit.
        case oversize(length: Int, prefixEndOffset: UInt64)
    }

    /// Consumes from `payload` starting at `index` up to the end of the next complete message.
    /// Returns values, not callbacks, so the caller's state is never captured by a closure
    /// (captured variables would be heap-allocated per call in unspecialised generic code).
    mutating func next(_ payload: UnsafeRawBufferPointer, at payloadOffset: UInt64, from index: inout Int,
                       maxMessageSize: Int) -> Found {
        while prefixCount < 5 {
            guard index < payload.count else { return .needMore }
            if prefixCount == 0, payload.count - index >= 5 {
                prefix = (payload[index], payload[index + 1], payload[index + 2], payload[index + 3], payload[index + 4])
                prefixCount = 5
                index += 5
            } else {
                switch prefixCount {
                case 0: prefix.0 = payload[index]
                case 1: prefix.1 = payload[index]
                case 2: prefix.2 = payload[index]
                case 3: prefix.3 = payload[index]
                default: prefix.4 = payload[index]
                }
                prefixCount += 1
                index += 1
            }
            if prefixCount == 5 {
                prefixEndOffset = payloadOffset + UInt64(index - 1)
                let length = Int(prefix.1) << 24 | Int(prefix.2) << 16 | Int(prefix.3) << 8 | Int(prefix.4)
                guard length <= maxMessageSize else { return .oversize(length: length, prefixEndOffset: prefixEndOffset) }
                remaining = length
                if !body.isEmpty { body.removeAll(keepingCapacity: true) }
            }
        }
        let compressed = prefix.0 & 1 != 0
        let available = payload.count - index
        if body.isEmpty, available >= remaining {
            // The whole body is in this payload: hand it out in place.
            let start = index
            index += remaining
            prefixCount = 0
            let endOffset = remaining == 0 ? prefixEndOffset : payloadOffset + UInt64(index - 1)
            remaining = 0
            return .inPayload(Message(compressed: compressed, endOffset: endOffset), body: start..<index)
        }
        let take = min(available, remaining)
        body.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[index..<(index + take)]))
        index += take
        remaining -= take
        guard remaining == 0 else { return .needMore }
        prefixCount = 0
        return .buffered(Message(compressed: compressed, endOffset: payloadOffset + UInt64(index - 1)))
    }

    /// The body of the message `next` last returned as `.buffered`.
    func withBufferedBody<R>(_ body: (UnsafeRawBufferPointer) throws(DecodeError) -> R) throws(DecodeError) -> R {
        let result = self.body.withUnsafeBytes { bytes in Result { () throws(DecodeError) in try body(bytes) } }
        return try result.get()
    }
}
