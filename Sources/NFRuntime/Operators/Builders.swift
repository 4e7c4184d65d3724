/// The fluent builders: an NF reads as its graph,
/// `port.parse(Ethernet.self).parse(IPv4.self).transform { $0.header.decrementTTL() }.send(to: out)`.
extension PacketPort {
    /// Frames received from this port, unparsed.
    @inlinable public func received() -> Receive<Self> { Receive(port: self) }

    /// Frames received from this port with their Ethernet header parsed.
    @inlinable public func parse(_: Ethernet.Type) -> Parse<Receive<Self>, Ethernet> {
        Parse(parent: Receive(port: self))
    }
}

extension BatchOperator where Stack == NoHeaders {
    /// Parses the Ethernet header of raw frames.
    @inlinable public func parse(_: Ethernet.Type) -> Parse<Self, Ethernet> { Parse(parent: self) }
}

extension BatchOperator where Stack.Top: LinkLayerHeader {
    /// Parses a header an ethertype names (VLAN, IPv4, IPv6).
    @inlinable public func parse<H: LinkLayerPayload>(_: H.Type) -> Parse<Self, H> { Parse(parent: self) }
}

extension BatchOperator where Stack.Top: NetworkLayerHeader {
    /// Parses a header an IP protocol number names (TCP, UDP).
    @inlinable public func parse<H: NetworkLayerPayload>(_: H.Type) -> Parse<Self, H> { Parse(parent: self) }
}

extension BatchOperator where Stack.Top: TransportLayerHeader {
    /// Parses an NF-defined header carried by TCP or UDP.
    @inlinable public func parse<H: TransportLayerPayload>(_: H.Type) -> Parse<Self, H> { Parse(parent: self) }
}

extension BatchOperator where Stack: NonEmptyHeaderStack {
    /// Pops the last parsed header.
    @inlinable public func deparse() -> Deparse<Self> { Deparse(parent: self) }
}

extension BatchOperator {
    /// Runs `udf` on every packet.
    @inlinable public func transform(_ udf: @escaping (Packet<Stack>) -> Void) -> Transform<Self> {
        Transform(parent: self, udf: udf)
    }

    /// Keeps the packets for which `keep` is true; drops the rest.
    @inlinable public func filter(_ keep: @escaping (Packet<Stack>) -> Bool) -> Filter<Self> {
        Filter(parent: self, keep: keep)
    }

    /// Splits into `count` branches by `classify` (0..<count; other values are dropped).
    @inlinable public func groupBy(_ count: Int, _ classify: @escaping (Packet<Stack>) -> Int) -> GroupBy<Self> {
        GroupBy(parent: self, count: count, classify: classify)
    }

    /// Moves each packet to the core `hash % exchange.cores` picks; this graph runs on `core`.
    @inlinable public func shuffle(_ exchange: ShuffleExchange, core: Int,
                                   by hash: @escaping (Packet<Stack>) -> UInt32 = { $0.flowKey?.symmetricHash ?? 0 }) -> Shuffle<Self> {
        Shuffle(parent: self, exchange: exchange, core: core, hash: hash)
    }

    /// Erases the graph's type (one indirect call per batch): see `ComposedOperator`.
    @inlinable public func compose() -> ComposedOperator<Stack> { ComposedOperator(self) }

    /// Sends every packet out of `port`.
    @inlinable public func send<Port: PacketPort>(to port: Port) -> PortSink<Self, Port> {
        PortSink(parent: self, port: port)
    }

    /// Sends each packet to the port its `metadata.outputPort` names (or floods it).
    @inlinable public func switchOut<Port: PacketPort>(to ports: [Port]) -> SwitchSink<Self, Port> {
        SwitchSink(parent: self, ports: ports)
    }

    /// Drops every packet (counted).
    @inlinable public func drop() -> DropSink<Self> { DropSink(parent: self) }
}

extension BatchOperator where Stack.Top == TCP, Stack.Below.Top: NetworkLayerHeader {
    /// Reassembles each TCP direction and hands contiguous bytes to `consumer`; the resets of
    /// connections it kills are requested in `resets` (drain it with `SendResets`).
    @inlinable public func window<C: StreamConsumer>(_ consumer: C, limits: WindowLimits = .init(),
                                                     resets: ResetQueue = ResetQueue(), held: HeldPackets? = nil) -> Window<Self, C> {
        Window(parent: self, consumer: consumer, limits: limits, resets: resets, held: held)
    }
}
