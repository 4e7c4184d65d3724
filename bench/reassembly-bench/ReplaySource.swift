import NFRuntime

/// A source that hands out the same prebuilt frames pass after pass (each with its own buffer
/// reference, so a window may keep them and the sink may release them), 32 per batch.
final class ReplaySource: BatchOperator {
    typealias Stack = NoHeaders
    let frames: [PacketBuffer]
    private var next = 0

    init(frames: [PacketBuffer]) { self.frames = frames }

    var isExhausted: Bool { next == frames.count }
    func rewind() { next = 0 }

    func nextBatch(into batch: PacketBatch) {
        while !batch.isFull, next < frames.count {
            frames[next].retain(1)
            batch.append(frames[next], metadata: PacketMetadata())
            next += 1
        }
    }
}

/// A stream consumer that only counts bytes (the cost measured is the window's own).
struct ByteCounter: StreamConsumer {
    let bytes = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    init() { bytes.initialize(to: 0) }
    func open(_ flow: StreamID, midStream: Bool) {}
    func consume(_ data: UnsafeRawBufferPointer, at offset: UInt64, of flow: StreamID) -> StreamVerdict {
        bytes.pointee &+= UInt64(data.count)
        return .forward
    }
    func close(_ flow: StreamID, reason: StreamCloseReason) {}
}
