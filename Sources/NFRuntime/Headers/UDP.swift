/// UDP header (RFC 768): 8 bytes.
@frozen
public struct UDP: NetworkLayerPayload, TransportLayerHeader {
    public let base: UnsafeMutableRawPointer
    @inlinable public init(at base: UnsafeMutableRawPointer) { self.base = base }

    @inlinable public static var minimumLength: Int { 8 }
    @inlinable public static var code: NextHeader { .ipProtocol(IPv4.udp) }
    @inlinable public var length: Int { 8 }
    @inlinable public var next: NextHeader { .unknown }
    @inlinable public func isValid(available: Int) -> Bool {
        available >= 8 && Int(datagramLength) >= 8 && Int(datagramLength) <= available
    }

    /// Header plus payload length.
    @inlinable public var datagramLength: UInt16 {
        get { load(4, as: UInt16.self) }
        nonmutating set { store(newValue, at: 4) }
    }
    @inlinable public var checksum: UInt16 {
        get { load(6, as: UInt16.self) }
        nonmutating set { store(newValue, at: 6) }
    }

    /// Recomputes the checksum over the datagram (an all-zero result is sent as 0xFFFF).
    @inlinable public func updateChecksum<N: NetworkLayerHeader>(network: N) {
        checksum = 0
        let c = TransportChecksum.compute(network: network, transport: base, length: Int(datagramLength))
        checksum = c == 0 ? 0xFFFF : c
    }
}
