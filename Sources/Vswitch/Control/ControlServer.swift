import ControlAPI
import Enforcer
import Foundation
import Glibc
import NFRuntime

/// Serves the control API (docs/control-api.md) on a thread of its own: accepts connections and
/// runs one `ControlSession` thread per client. Nothing here runs on a packet core.
final class ControlServer: @unchecked Sendable {
    private let socketFD: Int32
    private let hub: DebugHub
    private let policies: PolicyStore
    private let token: ControlToken
    private let sessionTimeout: Double
    private let switchName: String

    init(host: IPv4Address, port: UInt16, token: ControlToken, sessionTimeout: Double, hub: DebugHub, policies: PolicyStore,
         switchName: String) throws {
        socketFD = try TCPListener.open(host: host, port: port, for: "control")
        self.token = token
        self.sessionTimeout = sessionTimeout
        self.hub = hub
        self.policies = policies
        self.switchName = switchName
    }

    /// Accepts on a thread off the packet cores; each session's thread inherits that placement.
    func start(on environment: DPDKEnvironment) throws {
        try environment.startControlThread(named: "control") { [self] in
            while true {
                let client = accept(socketFD, nil, nil)
                guard client >= 0 else { if errno == EINTR { continue }; return }
                let session = ControlSession(socket: client, token: token, sessionTimeout: sessionTimeout, hub: hub,
                                             catalog: { [policies] in Self.catalog(policies.snapshot) }, switchName: switchName)
                let worker = Thread { session.run() }
                worker.name = "control-session"
                worker.start()
            }
        }
    }

    /// What the switch enforces, for clients without the spec source.
    static func catalog(_ snapshot: EnforcementSnapshot) -> [ApplicationCatalog] {
        snapshot.applications.map { policy in
            let spec = policy.binding.spec
            let services = policy.binding.services.map { service -> ApplicationCatalog.Service in
                let table = spec.services.first { $0.name == service.name }
                let ports = service.tcpPorts.map(String.init).joined(separator: ",")
                return ApplicationCatalog.Service(name: service.name, protocol: table?.proto ?? "tcp",
                                                  address: "\(service.address):\(ports)", methods: policy.methodNames(of: service.name))
            }
            return ApplicationCatalog(name: policy.name, mode: policy.binding.mode.rawValue, services: services)
        }
    }
}
