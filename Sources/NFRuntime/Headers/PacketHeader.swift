/// A protocol header seen in place in a frame: reads and writes go straight to the bytes.
///
/// Conforming types are thin views over a pointer (no copy), so a transform closure can write
/// `packet.header.ttl -= 1`. Which header may be parsed on top of which is fixed by the layer
/// protocols below, so `parse(TCP.self)` straight after `parse(Ethernet.self)` does not compile.
public protocol PacketHeader {
    /// Bytes the fixed part of the header occupies; frames shorter than this are not parsed.
    static var minimumLength: Int { get }
    /// How a lower header names this one (ethertype, IP protocol, …).
    static var code: NextHeader { get }
    /// A view of the header at `base`.
    init(at base: UnsafeMutableRawPointer)
    /// Where the view points.
    var base: UnsafeMutableRawPointer { get }
    /// Length of this header including options, from its own fields.
    var length: Int { get }
    /// What this header says comes next.
    var next: NextHeader { get }
    /// Whether the header is well-formed given `available` bytes from its start to the frame end
    /// (length fields in range, version right). Parse drops frames for which this is false.
    func isValid(available: Int) -> Bool
}

/// The name a header gives the one that follows it, in one code space for all layers.
@frozen
public struct NextHeader: Equatable, Sendable {
    public let raw: UInt32
    @inlinable init(raw: UInt32) { self.raw = raw }

    /// The start of a frame (what the empty stack announces; Ethernet's code).
    @inlinable public static var frame: NextHeader { NextHeader(raw: 0xFFFF_0000) }
    /// Nothing this runtime recognises follows.
    @inlinable public static var unknown: NextHeader { NextHeader(raw: 0xFFFF_FFFF) }
    /// An ethertype (Ethernet, VLAN).
    @inlinable public static func etherType(_ t: UInt16) -> NextHeader { NextHeader(raw: UInt32(t)) }
    /// An IP protocol number (IPv4 protocol, IPv6 next header).
    @inlinable public static func ipProtocol(_ p: UInt8) -> NextHeader { NextHeader(raw: 0x1_0000 | UInt32(p)) }
    /// A transport port-selected payload (for NF-defined headers above TCP/UDP).
    @inlinable public static func transportPayload(_ id: UInt16) -> NextHeader { NextHeader(raw: 0x2_0000 | UInt32(id)) }
}

/// Headers that carry an ethertype-named payload (Ethernet, VLAN).
public protocol LinkLayerHeader: PacketHeader {}
/// Headers an ethertype can name (VLAN, IPv4, IPv6): parseable on a `LinkLayerHeader`.
public protocol LinkLayerPayload: PacketHeader {}
/// Headers that carry an IP-protocol-named payload (IPv4, IPv6).
public protocol NetworkLayerHeader: PacketHeader {
    /// The pseudo-header sum for transport checksums over `transportLength` bytes.
    func pseudoHeaderSum(transportLength: Int) -> UInt32
    /// Header plus payload length from the header's own fields (frames may carry padding).
    var datagramLength: Int { get }
    /// Whether the header's own checksum verifies (IPv6 has none: always true).
    var checksumIsValid: Bool { get }
    /// Source and destination as 128-bit flow-key addresses (IPv4 mapped).
    var sourceKey: UInt128 { get }
    var destinationKey: UInt128 { get }
}
/// Headers an IP protocol number can name (TCP, UDP): parseable on a `NetworkLayerHeader`.
public protocol NetworkLayerPayload: PacketHeader {}
/// Headers carrying an application payload (TCP, UDP): NFs may define headers on top of them.
public protocol TransportLayerHeader: PacketHeader {
    var sourcePort: UInt16 { get nonmutating set }
    var destinationPort: UInt16 { get nonmutating set }
}
extension TransportLayerHeader {
    /// TCP and UDP both start with the source and destination ports.
    @inlinable public var sourcePort: UInt16 {
        get { load(0, as: UInt16.self) }
        nonmutating set { store(newValue, at: 0) }
    }
    @inlinable public var destinationPort: UInt16 {
        get { load(2, as: UInt16.self) }
        nonmutating set { store(newValue, at: 2) }
    }
}

/// NF-defined headers parseable on a `TransportLayerHeader` (e.g. VXLAN over UDP).
public protocol TransportLayerPayload: PacketHeader {}

extension PacketHeader {
    @inlinable func load<T: FixedWidthInteger>(_ offset: Int, as: T.Type) -> T {
        T(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
    @inlinable func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        base.storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self)
    }
}
