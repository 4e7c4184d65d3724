import NFRuntime

/// The applications the switch enforces at one moment, with the lookups that classify a
/// connection: which service of which application serves it, and which (if any) calls it.
public final class EnforcementSnapshot: Sendable {
    /// A service endpoint: application and service positions.
    struct Served: Sendable {
        var app: Int
        var service: Int
    }

    public let applications: [ApplicationPolicy]
    private let endpoints: [UInt64: Served]
    private let addresses: [UInt32: [Served]]

    public init(_ applications: [ApplicationPolicy]) throws(PolicyError) {
        var endpoints: [UInt64: Served] = [:]
        var addresses: [UInt32: [Served]] = [:]
        for (a, app) in applications.enumerated() {
            for (s, service) in app.binding.services.enumerated() {
                addresses[service.address.raw, default: []].append(Served(app: a, service: s))
                for port in service.tcpPorts {
                    let key = Self.key(service.address.raw, port)
                    if let other = endpoints[key] {
                        let o = applications[other.app]
                        throw PolicyError("\(service.address):\(port) is both \(o.name).\(o.binding.services[other.service].name) and \(app.name).\(service.name)")
                    }
                    endpoints[key] = Served(app: a, service: s)
                }
            }
        }
        self.applications = applications
        self.endpoints = endpoints
        self.addresses = addresses
    }

    static func key(_ address: UInt32, _ port: UInt16) -> UInt64 { UInt64(address) << 16 | UInt64(port) }

    /// The service at `address:port`, if any.
    func served(at address: UInt32, port: UInt16) -> Served? { endpoints[Self.key(address, port)] }

    /// The service of application `app` at `address` (a caller inside the application), if any.
    func member(of app: Int, at address: UInt32) -> Int? { addresses[address]?.first { $0.app == app }?.service }

    /// An application with a service at `address` (on any port).
    func application(at address: UInt32) -> Int? { addresses[address]?.first?.app }
}
