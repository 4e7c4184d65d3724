import NFRuntime

/// An IPv4 address prefix ("10.0.0.0/8"): the set of addresses whose first `length` bits equal
/// the network's. Host bits given in the address are ignored (cleared).
public struct IPv4Prefix: Hashable, Sendable, CustomStringConvertible {
    /// The network address, host bits zero.
    public let network: IPv4Address
    /// Leading bits that must match, 0…32.
    public let length: Int

    /// Every address (0.0.0.0/0).
    public static let any = IPv4Prefix(IPv4Address(raw: 0), length: 0)

    public init(_ address: IPv4Address, length: Int) {
        precondition((0...32).contains(length), "IPv4 prefix length \(length) is not in 0...32")
        self.length = length
        network = IPv4Address(raw: address.raw & IPv4Prefix.mask(length: length))
    }

    /// Parses "a.b.c.d/len", or "a.b.c.d" as a /32.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv4Address(parts[0]) else { return nil }
        var length = 32
        if parts.count == 2 {
            guard let n = Int(parts[1]), (0...32).contains(n) else { return nil }
            length = n
        }
        self.init(address, length: length)
    }

    /// The netmask as a host-order word (length 0 gives 0).
    public var mask: UInt32 { IPv4Prefix.mask(length: length) }

    public func contains(_ address: IPv4Address) -> Bool { address.raw & mask == network.raw }

    static func mask(length: Int) -> UInt32 { length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length) }

    public var description: String { "\(network)/\(length)" }
}
