import NFRuntime
import RPCDecode

/// Where one service of an enforced application listens and what it speaks: what an orchestrator
/// knows (the vswitch configuration), or, when the configuration names none, the spec's `at`.
public struct ServiceBinding: Sendable, Hashable {
    public var name: String
    public var address: IPv4Address
    public var tcpPorts: [UInt16]
    public var wire: RPCProtocol
    /// Callers outside the application may reach it.
    public var external: Bool

    public init(name: String, address: IPv4Address, tcpPorts: [UInt16], wire: RPCProtocol, external: Bool) {
        self.name = name
        self.address = address
        self.tcpPorts = tcpPorts
        self.wire = wire
        self.external = external
    }

    /// The wire protocol of a spec or configuration protocol name (`grpc`, `thrift`, `http`, `redis`).
    public static func wire(of proto: String) -> RPCProtocol? {
        switch proto {
        case "grpc": return .grpc
        case "thrift": return .thrift
        case "http", "http1": return .http1
        case "http2": return .http2
        case "redis": return .redis
        default: return nil
        }
    }
}
