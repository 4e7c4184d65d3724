import Models
import NFRuntime

/// An application the switch enforces: its compiled spec, the mode, where its services are, and
/// what happens to its TCP traffic on ports no service declares.
public struct ApplicationBinding: Sendable {
    public var spec: CompiledSpec
    public var mode: EnforcementMode
    public var services: [ServiceBinding]
    /// Refuse (reset) connections to an application address on an undeclared port, or pass them unchecked.
    public var refuseUndeclaredPorts: Bool

    public var name: String { spec.app }

    public init(spec: CompiledSpec, mode: EnforcementMode = .enforce, services: [ServiceBinding]? = nil,
                refuseUndeclaredPorts: Bool = false) throws(PolicyError) {
        self.spec = spec
        self.mode = mode
        if let services { self.services = services } else { self.services = try Self.services(of: spec) }
        self.refuseUndeclaredPorts = refuseUndeclaredPorts
        for table in spec.services where !self.services.contains(where: { $0.name == table.name }) {
            throw PolicyError("application \(spec.app): service '\(table.name)' of the spec has no address (give it in the configuration)")
        }
    }

    /// The services at the spec's own `at "ADDRESS:PORT"`.
    public static func services(of spec: CompiledSpec) throws(PolicyError) -> [ServiceBinding] {
        var result: [ServiceBinding] = []
        for table in spec.services {
            guard let (address, port) = IPv4Address.endpoint(table.address) else {
                throw PolicyError("application \(spec.app): service '\(table.name)' is at '\(table.address)', not IPv4:PORT")
            }
            guard let wire = ServiceBinding.wire(of: table.proto) else {
                throw PolicyError("application \(spec.app): service '\(table.name)' speaks '\(table.proto)', which the enforcer does not decode")
            }
            result.append(ServiceBinding(name: table.name, address: address, tcpPorts: [port], wire: wire, external: table.external))
        }
        return result
    }
}
