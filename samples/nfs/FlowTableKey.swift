import NFRuntime

/// A `FlowKey` as the key of a per-packet flow table: the same equality, a cheaper hash.
///
/// `FlowKey`'s synthesized `Hashable` makes seven `Hasher.combine` calls, which on the packet
/// path cost more than the rest of a table lookup. This key feeds the same per-table seeded
/// SipHash (so a table keyed by it keeps Swift's resistance to hash flooding by crafted
/// packets) with every bit of the key packed into two words for an IPv4 flow, five for IPv6.
@frozen
public struct FlowTableKey: Hashable, Sendable {
    public let key: FlowKey

    @inlinable public init(_ key: FlowKey) { self.key = key }

    @inlinable
    public static func == (a: FlowTableKey, b: FlowTableKey) -> Bool { a.key == b.key }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        let ports = UInt64(key.sourcePort) << 48 | UInt64(key.destinationPort) << 32 | UInt64(key.protocolNumber)
        let mapped: UInt128 = 0xFFFF_0000_0000
        if key.source >> 32 == mapped >> 32, key.destination >> 32 == mapped >> 32 {
            hasher.combine(UInt64(truncatingIfNeeded: key.source) << 32 | UInt64(truncatingIfNeeded: key.destination) & 0xFFFF_FFFF)
            hasher.combine(ports)
        } else {
            hasher.combine(UInt64(truncatingIfNeeded: key.source >> 64))
            hasher.combine(UInt64(truncatingIfNeeded: key.source))
            hasher.combine(UInt64(truncatingIfNeeded: key.destination >> 64))
            hasher.combine(UInt64(truncatingIfNeeded: key.destination))
            hasher.combine(ports | 1 << 8)
        }
    }
}
