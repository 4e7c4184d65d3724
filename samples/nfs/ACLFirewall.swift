import NFRuntime

/// The graph `ACLFirewall.filter` builds: Ethernet and IPv4 parsed, then the rule check.
public typealias ACLFirewallGraph<Input: BatchOperator> =
    Filter<Parse<Parse<Input, Ethernet>, IPv4>> where Input.Stack == NoHeaders

/// A stateless IPv4 access-control-list firewall: an ordered list of `ACLRule`s, first match
/// wins, and a default action for packets no rule matches (the forwarding model of thesis ch. 4,
/// Listing 5, without its established-connection set).
///
/// Contract: frames that are not well-formed IPv4 over Ethernet are dropped by `parse` (so the
/// firewall fails closed on anything it cannot classify); an allowed packet leaves unchanged; a
/// denied one is dropped and counted in the filter's `dropped`. Each rule's hits, and the
/// default action's, are counted (`hits(rule:)`, `defaultHits`).
///
/// Cost: a linear scan, O(rules) per packet, over compact precompiled entries (the rule list is
/// compiled once in `init` and never changes). One firewall per core: its counters are
/// core-local and unsynchronised. Limits: IPv4 only; no connection tracking, so a rule set that
/// allows replies must allow them explicitly.
public final class ACLFirewall {
    /// A rule compiled for the scan: masks and spans instead of optionals and ranges.
    @usableFromInline
    struct Entry {
        @usableFromInline let sourceNetwork: UInt32
        @usableFromInline let sourceMask: UInt32
        @usableFromInline let destinationNetwork: UInt32
        @usableFromInline let destinationMask: UInt32
        /// Ports widened to 32 bits so `ACLFirewall.noPort` lies outside every real range;
        /// a port p is in the range when `p &- low <= span`.
        @usableFromInline let sourceLow: UInt32
        @usableFromInline let sourceSpan: UInt32
        @usableFromInline let destinationLow: UInt32
        @usableFromInline let destinationSpan: UInt32
        @usableFromInline let protocolValue: UInt8
        @usableFromInline let protocolMask: UInt8
        @usableFromInline let allows: Bool

        init(_ rule: ACLRule) {
            sourceNetwork = rule.source.network.raw
            sourceMask = rule.source.mask
            destinationNetwork = rule.destination.network.raw
            destinationMask = rule.destination.mask
            (sourceLow, sourceSpan) = Entry.span(rule.sourcePorts)
            (destinationLow, destinationSpan) = Entry.span(rule.destinationPorts)
            protocolValue = rule.protocolNumber ?? 0
            protocolMask = rule.protocolNumber == nil ? 0 : 0xFF
            allows = rule.action == .allow
        }

        /// A nil range spans every port and `noPort`.
        static func span(_ range: ClosedRange<UInt16>?) -> (UInt32, UInt32) {
            guard let range else { return (0, ACLFirewall.noPort) }
            return (UInt32(range.lowerBound), UInt32(range.upperBound - range.lowerBound))
        }
    }

    /// The port value of packets without ports: outside every real port range.
    @inlinable static var noPort: UInt32 { 0x1_0000 }

    /// The rules, in match order.
    public let rules: [ACLRule]
    public let defaultAction: ACLRule.Action
    @usableFromInline let entries: UnsafeMutablePointer<Entry>
    @usableFromInline let entryCount: Int
    @usableFromInline let defaultAllows: Bool
    /// Hits per rule; index `entryCount` counts the default action.
    @usableFromInline let counters: UnsafeMutablePointer<UInt64>

    public init(rules: [ACLRule], defaultAction: ACLRule.Action) {
        self.rules = rules
        self.defaultAction = defaultAction
        entryCount = rules.count
        entries = .allocate(capacity: max(1, rules.count))
        entries.initialize(from: rules.map(Entry.init), count: rules.count)
        defaultAllows = defaultAction == .allow
        counters = .allocate(capacity: rules.count + 1)
        counters.initialize(repeating: 0, count: rules.count + 1)
    }

    deinit {
        entries.deinitialize(count: entryCount)
        entries.deallocate()
        counters.deallocate()
    }

    /// Packets rule `rule` (an index into `rules`) matched.
    public func hits(rule: Int) -> UInt64 { counters[rule] }
    /// Packets no rule matched.
    public var defaultHits: UInt64 { counters[entryCount] }

    /// Whether the first rule matching `packet` (or the default) allows it; counts the hit.
    @inlinable
    public func allows<S: HeaderStack>(_ packet: Packet<S>) -> Bool where S.Top == IPv4 {
        let ip = packet.header
        let source = ip.source.raw
        let destination = ip.destination.raw
        let proto = ip.protocolNumber
        let ports = packet.transportPorts
        let sourcePort = ports.map { UInt32($0.source) } ?? ACLFirewall.noPort
        let destinationPort = ports.map { UInt32($0.destination) } ?? ACLFirewall.noPort
        for i in 0..<entryCount {
            let e = entries[i]
            if source & e.sourceMask == e.sourceNetwork, destination & e.destinationMask == e.destinationNetwork,
               proto & e.protocolMask == e.protocolValue,
               sourcePort &- e.sourceLow <= e.sourceSpan, destinationPort &- e.destinationLow <= e.destinationSpan {
                counters[i] &+= 1
                return e.allows
            }
        }
        counters[entryCount] &+= 1
        return defaultAllows
    }

    /// The firewall as an NF: parse Ethernet and IPv4, keep what the rules allow.
    @inlinable
    public func filter<Input: BatchOperator>(_ input: Input) -> ACLFirewallGraph<Input> where Input.Stack == NoHeaders {
        input.parse(Ethernet.self)
            .parse(IPv4.self)
            .filter { [self] in allows($0) }
    }
}
