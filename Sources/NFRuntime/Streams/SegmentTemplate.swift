/// The headers `packetize` puts on each segment: Ethernet (optionally one VLAN tag), IPv4 or
/// IPv6, and TCP or UDP, with the fields that vary per connection.
public struct SegmentTemplate: Sendable, Equatable {
    /// The network layer's addresses.
    public enum Network: Sendable, Equatable {
        case ipv4(source: IPv4Address, destination: IPv4Address)
        /// 16-byte addresses in network order.
        case ipv6(source: UInt128, destination: UInt128)
    }
    /// The transport layer and its per-segment state.
    public enum Transport: Sendable, Equatable {
        /// `sequence` is the number of the segment's first byte; it advances as segments are made.
        case tcp(sequence: UInt32, acknowledgment: UInt32, flags: TCP.Flags, window: UInt16)
        case udp
    }

    public var sourceMAC: MACAddress
    public var destinationMAC: MACAddress
    public var vlanID: UInt16?
    public var network: Network
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var transport: Transport
    public var ttl: UInt8 = 64

    public init(sourceMAC: MACAddress, destinationMAC: MACAddress, vlanID: UInt16? = nil, network: Network,
                sourcePort: UInt16, destinationPort: UInt16, transport: Transport, ttl: UInt8 = 64) {
        self.sourceMAC = sourceMAC
        self.destinationMAC = destinationMAC
        self.vlanID = vlanID
        self.network = network
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.transport = transport
        self.ttl = ttl
    }

    /// Bytes of headers before the payload.
    public var headerLength: Int {
        14 + (vlanID == nil ? 0 : 4) + (isIPv6 ? 40 : 20) + (isTCP ? 20 : 8)
    }

    public var isIPv6: Bool { if case .ipv6 = network { return true } else { return false } }
    public var isTCP: Bool { if case .tcp = transport { return true } else { return false } }

    /// The template for the other direction of the same connection, with `sequence`/`ack` given.
    public func reversed(transport: Transport) -> SegmentTemplate {
        let net: Network
        switch network {
        case .ipv4(let s, let d): net = .ipv4(source: d, destination: s)
        case .ipv6(let s, let d): net = .ipv6(source: d, destination: s)
        }
        return SegmentTemplate(sourceMAC: destinationMAC, destinationMAC: sourceMAC, vlanID: vlanID, network: net,
                               sourcePort: destinationPort, destinationPort: sourcePort, transport: transport, ttl: ttl)
    }
}
