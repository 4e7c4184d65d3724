/// IEEE 802.1Q tag (4 bytes after ethertype 0x8100): TCI and inner ethertype. 802.1ad service
/// tags (0x88A8) are not parsed as VLAN (`FlowKey` skips them).
@frozen
public struct VLAN: LinkLayerHeader, LinkLayerPayload {
    public let base: UnsafeMutableRawPointer
    @inlinable public init(at base: UnsafeMutableRawPointer) { self.base = base }

    @inlinable public static var minimumLength: Int { 4 }
    @inlinable public static var code: NextHeader { .etherType(Ethernet.vlan) }
    @inlinable public var length: Int { 4 }
    @inlinable public var next: NextHeader { .etherType(etherType) }
    @inlinable public func isValid(available: Int) -> Bool { available >= 4 }

    /// Tag control information: priority (3 bits), drop eligible (1), VLAN id (12).
    @inlinable public var tci: UInt16 {
        get { load(0, as: UInt16.self) }
        nonmutating set { store(newValue, at: 0) }
    }
    @inlinable public var vlanID: UInt16 {
        get { tci & 0x0FFF }
        nonmutating set { tci = tci & 0xF000 | newValue & 0x0FFF }
    }
    @inlinable public var priority: UInt8 { UInt8(tci >> 13) }
    @inlinable public var etherType: UInt16 {
        get { load(2, as: UInt16.self) }
        nonmutating set { store(newValue, at: 2) }
    }
}
