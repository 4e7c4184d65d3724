/// TCP header (RFC 9293): 20 bytes plus options, length from the data offset.
@frozen
public struct TCP: NetworkLayerPayload, TransportLayerHeader {
    public let base: UnsafeMutableRawPointer
    @inlinable public init(at base: UnsafeMutableRawPointer) { self.base = base }

    @inlinable public static var minimumLength: Int { 20 }
    @inlinable public static var code: NextHeader { .ipProtocol(IPv4.tcp) }
    @inlinable public var length: Int { Int(base.load(fromByteOffset: 12, as: UInt8.self) >> 4) &* 4 }
    @inlinable public var next: NextHeader { .unknown }
    @inlinable public func isValid(available: Int) -> Bool {
        available >= 20 && length >= 20 && length <= available
    }

    @inlinable public var sequenceNumber: UInt32 {
        get { load(4, as: UInt32.self) }
        nonmutating set { store(newValue, at: 4) }
    }
    @inlinable public var acknowledgmentNumber: UInt32 {
        get { load(8, as: UInt32.self) }
        nonmutating set { store(newValue, at: 8) }
    }
    /// Sets the header length in bytes (a multiple of 4, 20…60).
    @inlinable public func setLength(_ bytes: Int) {
        base.storeBytes(of: UInt8(bytes / 4) << 4, toByteOffset: 12, as: UInt8.self)
    }
    @inlinable public var flags: Flags {
        get { Flags(rawValue: base.load(fromByteOffset: 13, as: UInt8.self)) }
        nonmutating set { base.storeBytes(of: newValue.rawValue, toByteOffset: 13, as: UInt8.self) }
    }
    @inlinable public var window: UInt16 {
        get { load(14, as: UInt16.self) }
        nonmutating set { store(newValue, at: 14) }
    }
    @inlinable public var checksum: UInt16 {
        get { load(16, as: UInt16.self) }
        nonmutating set { store(newValue, at: 16) }
    }
    @inlinable public var urgentPointer: UInt16 {
        get { load(18, as: UInt16.self) }
        nonmutating set { store(newValue, at: 18) }
    }

    /// The shift of the window scale option (RFC 7323 §2.2, capped at 14 as §2.3 says), when
    /// the options carry one (only SYN segments may). Malformed options end the walk.
    @inlinable public var windowScale: UInt8? {
        let end = length
        var i = 20
        while i < end {
            let kind = base.load(fromByteOffset: i, as: UInt8.self)
            if kind == 0 { return nil }
            if kind == 1 {
                i &+= 1
                continue
            }
            guard i &+ 1 < end else { return nil }
            let size = Int(base.load(fromByteOffset: i &+ 1, as: UInt8.self))
            guard size >= 2, i &+ size <= end else { return nil }
            if kind == 3, size == 3 { return min(base.load(fromByteOffset: i &+ 2, as: UInt8.self), 14) }
            i &+= size
        }
        return nil
    }

    /// The TCP control bits.
    @frozen
    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt8
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
        @inlinable public static var fin: Flags { Flags(rawValue: 0x01) }
        @inlinable public static var syn: Flags { Flags(rawValue: 0x02) }
        @inlinable public static var rst: Flags { Flags(rawValue: 0x04) }
        @inlinable public static var psh: Flags { Flags(rawValue: 0x08) }
        @inlinable public static var ack: Flags { Flags(rawValue: 0x10) }
        @inlinable public static var urg: Flags { Flags(rawValue: 0x20) }
    }

    /// Recomputes the checksum over this header and `payloadLength` bytes following it.
    @inlinable public func updateChecksum<N: NetworkLayerHeader>(network: N, payloadLength: Int) {
        checksum = 0
        checksum = TransportChecksum.compute(network: network, transport: base, length: length + payloadLength)
    }

    /// Whether the checksum over this header and `payloadLength` bytes verifies.
    @inlinable public func checksumIsValid<N: NetworkLayerHeader>(network: N, payloadLength: Int) -> Bool {
        TransportChecksum.verify(network: network, transport: base, length: length + payloadLength)
    }
}
