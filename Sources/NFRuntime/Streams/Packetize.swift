/// `packetize` as a graph node: byte messages queued with their headers come out as frames
/// (thesis ch. 3.1.1), e.g. a stream rewritten by a window consumer, or resets the enforcer sends.
///
/// A source: pull it like a port. Frames are raw (`NoHeaders`); parse them if a later operator
/// needs typed headers. Messages wait in a FIFO bounded by `maxQueuedBytes`; `enqueue` refuses
/// (returns false) past it.
public final class Packetize<Allocator: BufferAllocator>: BatchOperator {
    public typealias Stack = NoHeaders
    public var packetizer: Packetizer<Allocator>
    public let maxQueuedBytes: Int
    private var queue: [(bytes: [UInt8], template: SegmentTemplate, mss: Int)] = []
    private var sentOfHead = 0
    public private(set) var queuedBytes = 0
    /// Frames not made because the allocator was exhausted (retried on the next pull).
    public private(set) var allocationFailures: UInt64 = 0

    public init(allocator: Allocator, maxQueuedBytes: Int = 4 << 20) {
        packetizer = Packetizer(allocator: allocator)
        self.maxQueuedBytes = maxQueuedBytes
    }

    /// Queues `bytes` to go out as segments of at most `mss` payload bytes behind `template`.
    public func enqueue(_ bytes: [UInt8], template: SegmentTemplate, mss: Int = 1460) -> Bool {
        guard queuedBytes + bytes.count <= maxQueuedBytes else { return false }
        queue.append((bytes, template, mss))
        queuedBytes += bytes.count
        return true
    }

    /// The template of the message being sent, with its sequence number advanced so far, or nil.
    public var pendingTemplate: SegmentTemplate? { queue.first?.template }

    public func nextBatch(into batch: PacketBatch) {
        while !batch.isFull, !queue.isEmpty {
            let before = batch.count
            let done = queue[0].bytes.withUnsafeBytes { all in
                packetizer.segments(of: UnsafeRawBufferPointer(rebasing: all[sentOfHead...]),
                                    template: &queue[0].template, mss: queue[0].mss, into: batch)
            }
            sentOfHead += done
            queuedBytes -= done
            if sentOfHead == queue[0].bytes.count && (done > 0 || queue[0].bytes.isEmpty) && batch.count > before {
                queue.removeFirst()
                sentOfHead = 0
            } else if batch.count == before {
                allocationFailures &+= 1
                return
            }
        }
    }
}
