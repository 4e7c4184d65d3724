/// A source of TCP reset frames: drains a `ResetQueue` into pairs of RSTs made by `Packetizer`,
/// one to each endpoint of a killed connection, each with the output port of its endpoint
/// (`PacketMetadata.outputPort`), so a switching sink sends them without a lookup.
///
/// Pull it like a port and merge it before the sink. Frames are raw (`NoHeaders`). A pair that
/// cannot be allocated stays queued for the next pull (`allocationFailures` counts the tries).
public final class SendResets<Allocator: BufferAllocator>: BatchOperator {
    public typealias Stack = NoHeaders
    public let queue: ResetQueue
    public var packetizer: Packetizer<Allocator>
    @usableFromInline var pending: ResetRequest?
    /// Resets sent (frames, two per request).
    public private(set) var sent: UInt64 = 0
    public private(set) var allocationFailures: UInt64 = 0

    public init(queue: ResetQueue, allocator: Allocator) {
        self.queue = queue
        packetizer = Packetizer(allocator: allocator)
    }

    public func nextBatch(into batch: PacketBatch) {
        while batch.freeCapacity >= 2, let request = pending ?? queue.pop() {
            let frames = packetizer.resets(template: request.template, clientNext: request.senderNext,
                                           serverNext: request.receiverNext)
            guard let toReceiver = frames.toServer, let toSender = frames.toClient else {
                frames.toServer?.release()
                frames.toClient?.release()
                pending = request
                allocationFailures &+= 1
                return
            }
            pending = nil
            var toReceiverMetadata = PacketMetadata(inputPort: request.senderPort)
            toReceiverMetadata.outputPort = request.receiverPort
            var toSenderMetadata = PacketMetadata(inputPort: request.receiverPort)
            toSenderMetadata.outputPort = request.senderPort
            batch.append(toReceiver, metadata: toReceiverMetadata)
            batch.append(toSender, metadata: toSenderMetadata)
            sent &+= 2
        }
    }
}
