/// Ethernet II header (IEEE 802.3, 14 bytes): destination, source, ethertype.
@frozen
public struct Ethernet: LinkLayerHeader {
    public let base: UnsafeMutableRawPointer
    @inlinable public init(at base: UnsafeMutableRawPointer) { self.base = base }

    @inlinable public static var minimumLength: Int { 14 }
    @inlinable public static var code: NextHeader { .frame }
    @inlinable public var length: Int { 14 }
    @inlinable public var next: NextHeader { .etherType(etherType) }
    @inlinable public func isValid(available: Int) -> Bool { available >= 14 }

    @inlinable public var destination: MACAddress {
        get { MACAddress(at: base) }
        nonmutating set { newValue.store(at: base) }
    }
    @inlinable public var source: MACAddress {
        get { MACAddress(at: base + 6) }
        nonmutating set { newValue.store(at: base + 6) }
    }
    @inlinable public var etherType: UInt16 {
        get { load(12, as: UInt16.self) }
        nonmutating set { store(newValue, at: 12) }
    }

    /// Ethertypes this runtime parses.
    @inlinable public static var ipv4: UInt16 { 0x0800 }
    @inlinable public static var ipv6: UInt16 { 0x86DD }
    @inlinable public static var arp: UInt16 { 0x0806 }
    @inlinable public static var vlan: UInt16 { 0x8100 }
    @inlinable public static var qinq: UInt16 { 0x88A8 }
}
