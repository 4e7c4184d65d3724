/// A transport 5-tuple (IPv4 addresses are held IPv4-mapped in 128 bits, so one type serves both).
///
/// `init?(frame:)` reads it straight from a frame (Ethernet, up to two VLAN tags, IPv4/IPv6,
/// TCP/UDP), so any operator can key state by flow whatever its header stack. Non-first IPv4
/// fragments and non-TCP/UDP frames have no key.
///
/// Its hash feeds Swift's seeded SipHash (so tables keyed by it resist flooding by crafted
/// packets) with the key packed into two words for an IPv4 flow, five for IPv6, rather than a
/// `combine` per field: on the packet path that halves the cost of a table lookup.
@frozen
public struct FlowKey: Hashable, Sendable, CustomStringConvertible, BitwiseCopyable {
    public var source: UInt128
    public var destination: UInt128
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var protocolNumber: UInt8

    @inlinable
    public init(source: UInt128, destination: UInt128, sourcePort: UInt16, destinationPort: UInt16, protocolNumber: UInt8) {
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.protocolNumber = protocolNumber
    }

    @inlinable
    public init(source: IPv4Address, destination: IPv4Address, sourcePort: UInt16, destinationPort: UInt16, protocolNumber: UInt8) {
        self.init(source: FlowKey.mapped(source), destination: FlowKey.mapped(destination),
                  sourcePort: sourcePort, destinationPort: destinationPort, protocolNumber: protocolNumber)
    }

    @inlinable
    public static func == (a: FlowKey, b: FlowKey) -> Bool {
        a.source == b.source && a.destination == b.destination && a.sourcePort == b.sourcePort
            && a.destinationPort == b.destinationPort && a.protocolNumber == b.protocolNumber
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        let ports = UInt64(sourcePort) << 48 | UInt64(destinationPort) << 32 | UInt64(protocolNumber)
        if source >> 32 == 0xFFFF, destination >> 32 == 0xFFFF {
            hasher.combine(UInt64(truncatingIfNeeded: source) << 32 | UInt64(truncatingIfNeeded: destination) & 0xFFFF_FFFF)
            hasher.combine(ports)
        } else {
            hasher.combine(UInt64(truncatingIfNeeded: source >> 64))
            hasher.combine(UInt64(truncatingIfNeeded: source))
            hasher.combine(UInt64(truncatingIfNeeded: destination >> 64))
            hasher.combine(UInt64(truncatingIfNeeded: destination))
            hasher.combine(ports | 1 << 8)
        }
    }

    /// `a` as an IPv4-mapped IPv6 address (::ffff:a.b.c.d).
    @inlinable public static func mapped(_ a: IPv4Address) -> UInt128 { 0xFFFF_0000_0000 | UInt128(a.raw) }

    /// The key of the opposite direction.
    @inlinable public var reversed: FlowKey {
        FlowKey(source: destination, destination: source, sourcePort: destinationPort,
                destinationPort: sourcePort, protocolNumber: protocolNumber)
    }

    /// The same key for both directions (the lower endpoint first), and whether `self` is the
    /// reverse of it.
    @inlinable public var canonical: (key: FlowKey, isReversed: Bool) {
        if (source, sourcePort) <= (destination, destinationPort) { return (self, false) }
        return (reversed, true)
    }

    /// A hash equal for both directions of a connection (for `shuffle`: a connection stays on
    /// one core). Cheap mixing, not a keyed hash: use it for placement, not for untrusted tables.
    @inlinable public var symmetricHash: UInt32 {
        let a = source ^ destination
        var h = UInt64(truncatingIfNeeded: a) ^ UInt64(truncatingIfNeeded: a >> 64)
        h ^= UInt64(sourcePort ^ destinationPort) << 8 ^ UInt64(protocolNumber)
        h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ (h >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return UInt32(truncatingIfNeeded: h ^ (h >> 33))
    }

    /// Reads the key of an Ethernet frame.
    @inlinable
    public init?(frame: UnsafeRawBufferPointer) {
        guard frame.count >= 14, let base = frame.baseAddress else { return nil }
        var offset = 12
        var etherType = UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        var tags = 0
        while etherType == Ethernet.vlan || etherType == Ethernet.qinq {
            guard tags < 2, frame.count >= offset + 6 else { return nil }
            offset += 4
            tags += 1
            etherType = UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        }
        let ip = offset + 2
        let mutableBase = UnsafeMutableRawPointer(mutating: base)
        var transport: Int
        var proto: UInt8
        switch etherType {
        case Ethernet.ipv4:
            guard frame.count >= ip + 20 else { return nil }
            let h = IPv4(at: mutableBase + ip)
            guard h.isValid(available: frame.count - ip), !h.isFragment || h.flagsFragment & 0x1FFF == 0 else { return nil }
            source = FlowKey.mapped(h.source)
            destination = FlowKey.mapped(h.destination)
            transport = ip + h.length
            proto = h.protocolNumber
        case Ethernet.ipv6:
            guard frame.count >= ip + 40 else { return nil }
            let h = IPv6(at: mutableBase + ip)
            guard h.isValid(available: frame.count - ip), let upper = h.upperLayer else { return nil }
            source = UInt128(bigEndian: base.loadUnaligned(fromByteOffset: ip + 8, as: UInt128.self))
            destination = UInt128(bigEndian: base.loadUnaligned(fromByteOffset: ip + 24, as: UInt128.self))
            transport = ip + upper.offset
            proto = upper.protocolNumber
        default:
            return nil
        }
        guard proto == IPv4.tcp || proto == IPv4.udp, frame.count >= transport + 4 else { return nil }
        sourcePort = UInt16(bigEndian: base.loadUnaligned(fromByteOffset: transport, as: UInt16.self))
        destinationPort = UInt16(bigEndian: base.loadUnaligned(fromByteOffset: transport + 2, as: UInt16.self))
        protocolNumber = proto
    }

    public var description: String {
        func address(_ a: UInt128) -> String {
            if a >> 32 == 0xFFFF { return IPv4Address(raw: UInt32(truncatingIfNeeded: a)).description }
            return "[" + stride(from: 112, through: 0, by: -16).map { String(UInt16(truncatingIfNeeded: a >> UInt128($0)), radix: 16) }.joined(separator: ":") + "]"
        }
        let p = protocolNumber == IPv4.tcp ? "tcp" : protocolNumber == IPv4.udp ? "udp" : "ip\(protocolNumber)"
        return "\(p) \(address(source)):\(sourcePort) > \(address(destination)):\(destinationPort)"
    }
}

extension Packet {
    /// The packet's flow key, read from the frame whatever has been parsed.
    @inlinable public var flowKey: FlowKey? { FlowKey(frame: UnsafeRawBufferPointer(frame)) }
}
