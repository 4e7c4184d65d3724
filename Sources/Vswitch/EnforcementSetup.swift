import Enforcer
import Foundation
import Models
import NFRuntime

/// Builds the enforcer's policies from the configuration: each application with a `spec` gets
/// its compiled spec loaded and bound to its services' addresses. Used at start and on reload.
enum EnforcementSetup {
    static func snapshot(_ config: SwitchConfig, configPath: String, metrics: MetricsRegistry) throws -> EnforcementSnapshot {
        func fail(_ message: String) -> ConfigError { ConfigError(file: configPath, message: message) }
        let directory = URL(fileURLWithPath: configPath).deletingLastPathComponent()
        var policies: [ApplicationPolicy] = []
        for app in config.applications {
            guard let specPath = app.spec else { continue }
            let url = specPath.hasPrefix("/") ? URL(fileURLWithPath: specPath) : directory.appendingPathComponent(specPath)
            let spec: CompiledSpec
            do {
                spec = try CompiledSpec.decode(Data(contentsOf: url))
            } catch {
                throw fail("application \(app.name): cannot load the compiled spec \(url.path): \(error) (make it with `ucheck compile SPEC -o FILE`)")
            }
            guard spec.app == app.name else { throw fail("application \(app.name): \(url.path) is the spec of application '\(spec.app)'") }
            do {
                let services = try app.services.isEmpty ? nil : app.services.map { s throws(PolicyError) -> ServiceBinding in
                    guard let wire = ServiceBinding.wire(of: s.protocol), let address = IPv4Address(s.address) else {
                        throw PolicyError("application \(app.name): service \(s.name) speaks '\(s.protocol)', which the enforcer does not decode")
                    }
                    let external = spec.services.first { $0.name == s.name }?.external ?? s.external
                    return ServiceBinding(name: s.name, address: address, tcpPorts: s.tcpPorts, wire: wire, external: external)
                }
                let binding = try ApplicationBinding(spec: spec, mode: app.mode, services: services,
                                                     refuseUndeclaredPorts: app.defaultPolicy == .refuse)
                policies.append(try ApplicationPolicy(binding, metrics: metrics))
            } catch {
                throw fail("application \(app.name): \(error)")
            }
        }
        do {
            return try EnforcementSnapshot(policies)
        } catch {
            throw fail(error.description)
        }
    }
}
