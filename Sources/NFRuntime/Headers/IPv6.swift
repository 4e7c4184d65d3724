/// IPv6 header (RFC 8200): 40 fixed bytes plus any extension headers, which `length` includes
/// so the next parsed header is the upper-layer one. Fragments make `next` `.unknown` (their
/// payload is not a whole transport header).
@frozen
public struct IPv6: LinkLayerPayload, NetworkLayerHeader {
    public let base: UnsafeMutableRawPointer
    @inlinable public init(at base: UnsafeMutableRawPointer) { self.base = base }

    @inlinable public static var minimumLength: Int { 40 }
    @inlinable public static var code: NextHeader { .etherType(Ethernet.ipv6) }

    /// Extension headers walked before giving up: a bound on work per packet.
    @inlinable public static var maxExtensionHeaders: Int { 8 }

    /// Walks the extension headers within the payload length to the first header that is not a
    /// hop-by-hop, routing or destination-options header; nil when the chain is malformed or
    /// longer than `maxExtensionHeaders`. It may end at a fragment header (44).
    @inlinable var chainEnd: (protocolNumber: UInt8, offset: Int)? {
        var next = base.load(fromByteOffset: 6, as: UInt8.self)
        var offset = 40
        let end = 40 + Int(payloadLength)
        for _ in 0..<IPv6.maxExtensionHeaders {
            switch next {
            case 0, 43, 60: // hop-by-hop, routing, destination options
                guard offset + 8 <= end else { return nil }
                let extLength = (Int(base.load(fromByteOffset: offset + 1, as: UInt8.self)) + 1) * 8
                next = base.load(fromByteOffset: offset, as: UInt8.self)
                offset += extLength
            default:
                return offset <= end ? (next, offset) : nil
            }
        }
        return nil
    }

    /// The upper-layer protocol and its offset; nil for a fragment (no complete transport
    /// header) or a malformed chain.
    @inlinable public var upperLayer: (protocolNumber: UInt8, offset: Int)? {
        guard let end = chainEnd, end.protocolNumber != 44 else { return nil }
        return end
    }

    @inlinable public var length: Int { chainEnd?.offset ?? 40 }
    @inlinable public var next: NextHeader {
        guard let upper = upperLayer else { return .unknown }
        return .ipProtocol(upper.protocolNumber)
    }
    /// Version 6, payload within the frame, extension chain well-formed within the payload.
    @inlinable public func isValid(available: Int) -> Bool {
        guard available >= 40, version == 6, 40 + Int(payloadLength) <= available else { return false }
        return chainEnd != nil
    }

    @inlinable public var version: UInt8 { base.load(as: UInt8.self) >> 4 }
    @inlinable public var payloadLength: UInt16 {
        get { load(4, as: UInt16.self) }
        nonmutating set { store(newValue, at: 4) }
    }
    /// The Next Header field of the fixed header (first extension header or upper layer).
    @inlinable public var nextHeader: UInt8 {
        get { base.load(fromByteOffset: 6, as: UInt8.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 6, as: UInt8.self) }
    }
    @inlinable public var hopLimit: UInt8 {
        get { base.load(fromByteOffset: 7, as: UInt8.self) }
        nonmutating set { base.storeBytes(of: newValue, toByteOffset: 7, as: UInt8.self) }
    }
    /// Source address, 16 bytes.
    @inlinable public var source: UnsafeMutableRawBufferPointer { .init(start: base + 8, count: 16) }
    /// Destination address, 16 bytes.
    @inlinable public var destination: UnsafeMutableRawBufferPointer { .init(start: base + 24, count: 16) }

    @inlinable public var datagramLength: Int { 40 + Int(payloadLength) }
    /// IPv6 has no header checksum.
    @inlinable public var checksumIsValid: Bool { true }
    @inlinable public var sourceKey: UInt128 { UInt128(bigEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt128.self)) }
    @inlinable public var destinationKey: UInt128 { UInt128(bigEndian: base.loadUnaligned(fromByteOffset: 24, as: UInt128.self)) }

    @inlinable public func pseudoHeaderSum(transportLength: Int) -> UInt32 {
        let addresses = InternetChecksum.sum(UnsafeRawBufferPointer(start: base + 8, count: 32))
        let proto = UInt32(upperLayer?.protocolNumber ?? nextHeader)
        return addresses &+ UInt32(transportLength >> 16) &+ UInt32(transportLength & 0xFFFF) &+ proto
    }
}
