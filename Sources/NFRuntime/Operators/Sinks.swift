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
            batch.take(where: { $0.pointee.metadata.outputPort == port }, to: { outgoing.append($0) })
            for i in 0..<batch.count {
                let s = batch.slot(i)
                if s.pointee.metadata.outputPort == PacketMetadata.flood && s.pointee.metadata.inputPort != port {
                    s.pointee.buffer.retain(1)
                    outgoing.append(s.pointee)
                }
            }
            if !outgoing.isEmpty { _ = ports[p].transmit(outgoing) }
        }
        // Left: flooded packets (each copy sent holds its own reference) and unroutable ones.
        for i in 0..<batch.count where batch.slot(i).pointee.metadata.outputPort != PacketMetadata.flood {
            unrouted &+= 1
        }
        batch.dropAll()
        return n
    }
}
