/// The source of a graph: frames received from a port, with no headers parsed.
public struct Receive<Port: PacketPort>: BatchOperator {
    public typealias Stack = NoHeaders
    public var port: Port

    @inlinable public init(port: Port) { self.port = port }

    @inlinable
    public mutating func nextBatch(into batch: PacketBatch) {
        _ = port.receive(into: batch)
    }
}
