/// IPv4 header (RFC 791): 20 bytes plus options, length from IHL.
@frozen
public struct IPv4: LinkLayerPayload, NetworkLayerHeader {
    public let base: UnsafeMutableRawPointer
    @inlinable public init(at base: UnsafeMutableRawPointer) { self.base = base }

    @inlinable public static var minimumLength: Int { 20 }
    @inlinable public static var code: NextHeader { .etherType(Ethernet.ipv4) }
    @inlinable public var length: Int { Int(base.load(as: UInt8.self) & 0x0F) &* 4 }
    /// The transport protocol, for an unfragmented datagram or a first fragment; later
    /// fragments carry no transport header, so they announce `.unknown`.
    @inlinable public var next: NextHeader { flagsFragment & 0x1FFF == 0 ? .ipProtocol(protocolNumber) : .unknown }

    /// Version 4, IHL ≥ 5, header within the frame, total length covering the header.
    @inlinable public func isValid(available: Int) -> Bool {
        guard available >= 20, version == 4, length >= 20, length <= available else { return false }
        let total = Int(totalLength)
        return total >= length && total <= available
    }

    @inlinable public var version: UInt8 { base.load(as: UInt8.self) >> 4 }
    @inlinable public var dscpECN: UInt8 {
        get { base.load(fromByteOffset: 1, as: UInt8.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 1, as: UInt8.self) }
    }
    @inlinable public var totalLength: UInt16 {
        get { load(2, as: UInt16.self) }
        nonmutating set { store(newValue, at: 2) }
    }
    @inlinable public var identification: UInt16 {
        get { load(4, as: UInt16.self) }
        nonmutating set { store(newValue, at: 4) }
    }
    /// Flags (3 bits) and fragment offset (13 bits).
    @inlinable public var flagsFragment: UInt16 {
        get { load(6, as: UInt16.self) }
        nonmutating set { store(newValue, at: 6) }
    }
    /// True for any fragment but an unfragmented datagram (MF set or offset non-zero).
    @inlinable public var isFragment: Bool { flagsFragment & 0x3FFF != 0 }
    @inlinable public var ttl: UInt8 {
        get { base.load(fromByteOffset: 8, as: UInt8.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 8, as: UInt8.self) }
    }
    @inlinable public var protocolNumber: UInt8 {
        get { base.load(fromByteOffset: 9, as: UInt8.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 9, as: UInt8.self) }
    }
    @inlinable public var checksum: UInt16 {
        get { load(10, as: UInt16.self) }
        nonmutating set { store(newValue, at: 10) }
    }
    @inlinable public var source: IPv4Address {
        get { IPv4Address(raw: load(12, as: UInt32.self)) }
        nonmutating set { store(newValue.raw, at: 12) }
    }
    @inlinable public var destination: IPv4Address {
        get { IPv4Address(raw: load(16, as: UInt32.self)) }
        nonmutating set { store(newValue.raw, at: 16) }
    }

    /// Recomputes the header checksum from scratch.
    @inlinable public func updateChecksum() {
        checksum = 0
        checksum = InternetChecksum.finish(InternetChecksum.sum(UnsafeRawBufferPointer(start: base, count: length)))
    }

    /// True when the header checksum verifies.
    @inlinable public var checksumIsValid: Bool {
        InternetChecksum.finish(InternetChecksum.sum(UnsafeRawBufferPointer(start: base, count: length))) == 0
    }

    /// Decrements TTL and patches the checksum incrementally (RFC 1624), as a router does.
    @inlinable public func decrementTTL() {
        let old = load(8, as: UInt16.self)
        ttl &-= 1
        checksum = InternetChecksum.adjust(checksum, old: old, new: load(8, as: UInt16.self))
    }

    @inlinable public func pseudoHeaderSum(transportLength: Int) -> UInt32 {
        let s = source.raw, d = destination.raw
        return (s >> 16) &+ (s & 0xFFFF) &+ (d >> 16) &+ (d & 0xFFFF)
            &+ UInt32(protocolNumber) &+ UInt32(transportLength)
    }

    @inlinable public var datagramLength: Int { Int(totalLength) }
    @inlinable public var sourceKey: UInt128 { FlowKey.mapped(source) }
    @inlinable public var destinationKey: UInt128 { FlowKey.mapped(destination) }

    @inlinable public static var tcp: UInt8 { 6 }
    @inlinable public static var udp: UInt8 { 17 }
    @inlinable public static var icmp: UInt8 { 1 }
}

/// An IPv4 address in host order.
@frozen
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible, BitwiseCopyable {
    public let raw: UInt32
    @inlinable public init(raw: UInt32) { self.raw = raw }
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        raw = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }
    /// Parses dotted-quad text.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var raw: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, let b = UInt8(p) else { return nil }
            raw = raw << 8 | UInt32(b)
        }
        self.raw = raw
    }
    public var description: String { "\(raw >> 24).\(raw >> 16 & 255).\(raw >> 8 & 255).\(raw & 255)" }
    public static func < (a: IPv4Address, b: IPv4Address) -> Bool { a.raw < b.raw }

    /// Parses `A.B.C.D:PORT` (a non-zero port): service addresses, listening endpoints.
    public static func endpoint(_ text: some StringProtocol) -> (address: IPv4Address, port: UInt16)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let address = IPv4Address(parts[0]), let port = UInt16(parts[1]), port != 0 else { return nil }
        return (address, port)
    }
}
