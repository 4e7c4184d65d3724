import NFRuntime

/// A server behind a `MaglevLoadBalancer`: its name, which places it in the lookup table, and
/// the Ethernet address the balancer steers its flows to.
///
/// Every balancer that is given the same names builds the same table, so a replica that takes
/// over a flow sends it to the same backend (Maglev §3.4); addresses play no part in placement.
public struct MaglevBackend: Hashable, Sendable {
    public var name: String
    public var address: MACAddress

    public init(name: String, address: MACAddress) {
        self.name = name
        self.address = address
    }
}
