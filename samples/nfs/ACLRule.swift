import NFRuntime

/// One line of an `ACLFirewall`'s ordered rule list: a match on IPv4 source and destination
/// prefixes, IP protocol and TCP/UDP port ranges, and the action taken on packets it matches.
///
/// A field left `nil` (or `.any` for prefixes) matches every packet. A port range matches only
/// TCP and UDP packets that carry ports (first fragments), so a rule with a port range never
/// matches ICMP or a non-first fragment.
public struct ACLRule: Hashable, Sendable {
    /// What happens to a packet the rule matches.
    public enum Action: Hashable, Sendable {
        case allow
        case deny
    }

    public var action: Action
    public var source: IPv4Prefix
    public var destination: IPv4Prefix
    /// IP protocol number (6 TCP, 17 UDP, 1 ICMP), or nil for any.
    public var protocolNumber: UInt8?
    public var sourcePorts: ClosedRange<UInt16>?
    public var destinationPorts: ClosedRange<UInt16>?

    public init(_ action: Action, source: IPv4Prefix = .any, destination: IPv4Prefix = .any,
                protocolNumber: UInt8? = nil, sourcePorts: ClosedRange<UInt16>? = nil,
                destinationPorts: ClosedRange<UInt16>? = nil) {
        self.action = action
        self.source = source
        self.destination = destination
        self.protocolNumber = protocolNumber
        self.sourcePorts = sourcePorts
        self.destinationPorts = destinationPorts
    }
}
