import NFRuntime

/// A stream consumer that records what a window hands it, in order, and answers each delivery
/// with the verdict `verdict` picks.
final class RecordingConsumer: StreamConsumer {
    enum Event: Equatable, CustomStringConvertible {
        case bytes(response: Bool, offset: UInt64, String)
        case closed(response: Bool, StreamCloseReason)

        var description: String {
            switch self {
            case .bytes(let r, let o, let s): "\(r ? "server" : "client") @\(o) \"\(s)\""
            case .closed(let r, let reason): "\(r ? "server" : "client") closed \(reason)"
            }
        }
    }

    private(set) var events: [Event] = []
    /// The client → server bytes exactly as delivered (events hold them as text).
    private(set) var bytes: [UInt8] = []
    /// (offset, length) of each client → server delivery.
    private(set) var chunks: [(offset: UInt64, count: Int)] = []
    /// Where each delivered range started, to tell bytes read in place from buffered copies.
    private(set) var starts: [UnsafeRawPointer] = []
    /// The streams seen, in order of first delivery or close.
    private(set) var streams: [StreamID] = []
    /// The directions opened, in order, and whether each was picked up mid-stream.
    private(set) var opened: [(stream: StreamID, midStream: Bool)] = []
    /// The verdict for a delivery (stream, offset, bytes as text).
    var verdict: (StreamID, UInt64, String) -> StreamVerdict = { _, _, _ in .forward }

    func open(_ flow: StreamID, midStream: Bool) {
        opened.append((flow, midStream))
    }

    func consume(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, of flow: StreamID) -> StreamVerdict {
        if !flow.isResponse {
            self.bytes += bytes
            chunks.append((offset, bytes.count))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        events.append(.bytes(response: flow.isResponse, offset: offset, text))
        starts.append(UnsafeRawPointer(bytes.baseAddress!))
        if !streams.contains(flow) { streams.append(flow) }
        return verdict(flow, offset, text)
    }

    func close(_ flow: StreamID, reason: StreamCloseReason) {
        events.append(.closed(response: flow.isResponse, reason))
        if !streams.contains(flow) { streams.append(flow) }
    }
}
