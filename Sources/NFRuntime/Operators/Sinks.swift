/// Sends every packet of its parent out of one port.
public struct PortSink<Parent: BatchOperator, Port: PacketPort>: BatchRunnable {
    public var parent: Parent
    public var port: Port
    @usableFromInline var batch = PacketBatch()

    @inlinable init(parent: Parent, port: Port) {
        self.parent = parent
        self.port = port
    }

    @inlinable
    public mutating func runOnce() -> Int {
        parent.nextBatch(into: batch)
        let n = batch.count
        if n > 0 { _ = port.transmit(batch) }
        return n
    }
}

/// Releases every packet of its parent, counting them (the explicit drop edge).
public struct DropSink<Parent: BatchOperator>: BatchRunnable {
    public var parent: Parent
    public var dropped: UInt64 = 0
    @usableFromInline var batch = PacketBatch()

    @inlinable init(parent: Parent) { self.parent = parent }

    @inlinable
    public mutating func runOnce() -> Int {
        parent.nextBatch(into: batch)
        let n = batch.count
        dropped &+= UInt64(n)
        batch.dropAll()
        return n
    }
}

/// Sends each packet to the port its metadata names (`outputPort`), floods `PacketMetadata.flood`
/// to every port but the input one (by reference counting, no copy), and drops `noPort` packets
/// and unknown ports, counting them in `unrouted`. Cost: O(ports × batch) per batch.
public struct SwitchSink<Parent: BatchOperator, Port: PacketPort>: BatchRunnable {
    public var parent: Parent
    public var ports: [Port]
    public var unrouted: UInt64 = 0
    @usableFromInline var batch = PacketBatch()
    @usableFromInline var outgoing = PacketBatch()
    /// Marks a unicast frame already handed to its port during `runOnce`.
    @usableFromInline static var sent: UInt16 { 0xFFFD }

    @inlinable init(parent: Parent, ports: [Port]) {
        precondition(!ports.isEmpty && ports.count < Int(PacketMetadata.flood))
        self.parent = parent
        self.ports = ports
    }

    @inlinable
    public mutating func runOnce() -> Int {
        parent.nextBatch(into: batch)
        let n = batch.count
        guard n > 0 else { return 0 }
        let portCount = ports.count
        for p in 0..<portCount {
            let port = UInt16(p)
            // One pass in arrival order, so unicast and flooded frames to a port keep their order.
            for i in 0..<n {
                let s = batch.slot(i)
                let out = s.pointee.metadata.outputPort
                if out == port {
                    s.pointee.metadata.outputPort = SwitchSink.sent
                    outgoing.append(s.pointee) // moved: the port now owns the batch's reference
                } else if out == PacketMetadata.flood && s.pointee.metadata.inputPort != port {
                    s.pointee.buffer.retain(1)
                    outgoing.append(s.pointee)
                }
            }
            if !outgoing.isEmpty { _ = ports[p].transmit(outgoing) }
        }
        // Left: the batch's references of flooded frames (each copy sent took its own) and of
        // unroutable ones; moved unicast frames are forgotten, not released.
        for i in 0..<n {
            let s = batch.slot(i)
            let out = s.pointee.metadata.outputPort
            guard out != SwitchSink.sent else { continue }
            if out != PacketMetadata.flood { unrouted &+= 1 }
            s.pointee.buffer.release()
        }
        batch.forgetFirst(n)
        return n
    }
}
