import Enforcer
import Foundation
import NFRuntime
import Yams

/// The vswitch's configuration file (YAML), documented in docs/vswitch-config.md.
///
/// It says which ports the switch has and what is behind each (a veth via af_packet or af_xdp, any
/// DPDK vdev, or a PCI device), how DPDK is started, and the topology the enforcer needs: which
/// addresses and TCP ports are which service of which application, and which are external.
struct SwitchConfig: Decodable, Equatable {
    /// DPDK EAL arguments, without the `--vdev`/`-a` of the ports (added from `ports`).
    var eal: [String] = SwitchConfig.defaultEAL
    /// Worker lcores running the packet loop (each port's receive queue belongs to one of them).
    var cores: Int = 1
    /// Seconds between stats lines (0: none).
    var statsInterval: Double = 1
    /// Seconds a learned MAC address lives without traffic from it.
    var macAging: Double = 300
    /// MAC addresses learned at most per core (more are not learned: their frames flood).
    var macTableSize: Int = 4096
    /// Mbufs in the pool all ports receive into.
    var mbufs: Int = 16383
    /// Receive/transmit descriptors per queue.
    var descriptors: Int = 1024
    /// Follow every TCP stream through the runtime's `window` (reassembly statistics).
    var inspectStreams: Bool = false
    /// What inspection does with a stream it cannot follow faithfully (an evasion anomaly or a
    /// reassembly limit, see `StreamAnomaly`/`WindowLimit`): forward it unexamined, or drop
    /// the packet and reset the connection (both endpoints).
    var streamAnomalies: StreamAnomalyAction = .forward
    var ports: [Port]
    var applications: [Application] = []
    /// Where violation records go (JSON lines; relative to the configuration file); standard error when absent.
    var enforcementLog: String?
    /// `HOST:PORT` for the Prometheus metrics endpoint (`GET /metrics`); none when absent.
    var metrics: String?
    /// The debugger control API (docs/control-api.md); none when absent.
    var control: Control?

    /// Whether any application is checked against a compiled spec (which implies inspection).
    var enforcing: Bool { applications.contains { $0.spec != nil } }
    /// Whether TCP streams go through the window: for statistics or for the enforcer.
    var inspecting: Bool { inspectStreams || enforcing }

    static let defaultEAL = ["--no-huge", "-m", "512", "--no-pci"]
    /// The PMD for `interface` ports: net_af_xdp carried more traffic than net_af_packet on the
    /// namespace path (docs/benchmarks.md, "Namespace path").
    static let defaultDriver = "af_xdp"

    /// Where and how the control API is served.
    struct Control: Decodable, Equatable {
        /// `HOST:PORT` to listen on (loopback unless tunnelled: the API is not encrypted).
        var listen: String
        /// The bearer token clients must present; created (0600, random) when missing. Relative
        /// to the configuration file.
        var tokenFile: String
        /// Seconds a session may stay silent before the switch ends it and releases its holds.
        var sessionTimeout: Double = 10
        /// How debuggers call this switch (e.g. the host it serves); `vswitch@LISTEN` when absent.
        var name: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case listen, tokenFile = "token_file", sessionTimeout = "session_timeout", name }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            listen = try c.decode(String.self, forKey: .listen)
            tokenFile = try c.decode(String.self, forKey: .tokenFile)
            sessionTimeout = try c.decodeIfPresent(Double.self, forKey: .sessionTimeout) ?? 10
        }
    }

    /// One switch port and the device behind it (exactly one of `interface`, `vdev`, `device`).
    struct Port: Decodable, Equatable {
        var name: String
        /// A Linux interface (a veth end), opened with `driver`.
        var interface: String?
        /// `af_xdp` (default: measured faster here, see docs/benchmarks.md) or `af_packet`, for `interface` ports.
        var driver: String?
        /// Any DPDK vdev devargs, e.g. `net_tap0,iface=tap0` or `net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap`.
        var vdev: String?
        /// A PCI address for a physical NIC bound to a DPDK driver.
        var device: String?
    }

    /// An application whose services sit behind the switch.
    struct Application: Decodable, Equatable {
        var name: String
        /// What happens to TCP traffic of the application on ports no service declares.
        var defaultPolicy: DefaultPolicy = .pass
        /// The compiled spec (`ucheck compile`) its messages are checked against; relative to the
        /// configuration file. Without one the application is only described, not enforced.
        var spec: String?
        /// Enforce (drop and reset violations) or monitor (log them, forward).
        var mode: EnforcementMode = .enforce
        /// Where the services are; with a spec and no services, the spec's `at` addresses.
        var services: [Service]
    }

    enum DefaultPolicy: String, Decodable, Equatable { case pass, refuse }

    /// `stream_anomalies`: fail open (`forward`) or fail closed (`reset`).
    enum StreamAnomalyAction: String, Decodable, Equatable { case forward, reset }

    /// A service: where it listens and how it speaks.
    struct Service: Decodable, Equatable {
        var name: String
        var address: String
        var tcpPorts: [UInt16]
        var `protocol`: String
        /// Reachable from outside the application (its clients are not services of the app).
        var external: Bool = false
        /// The switch port it sits behind, if known.
        var port: String?
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case eal, cores, statsInterval = "stats_interval", macAging = "mac_aging", macTableSize = "mac_table_size"
        case mbufs, descriptors, inspectStreams = "inspect_streams", streamAnomalies = "stream_anomalies", ports, applications
        case enforcementLog = "enforcement_log", metrics, control
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eal = try c.decodeIfPresent([String].self, forKey: .eal) ?? SwitchConfig.defaultEAL
        cores = try c.decodeIfPresent(Int.self, forKey: .cores) ?? 1
        statsInterval = try c.decodeIfPresent(Double.self, forKey: .statsInterval) ?? 1
        macAging = try c.decodeIfPresent(Double.self, forKey: .macAging) ?? 300
        macTableSize = try c.decodeIfPresent(Int.self, forKey: .macTableSize) ?? 4096
        mbufs = try c.decodeIfPresent(Int.self, forKey: .mbufs) ?? 16383
        descriptors = try c.decodeIfPresent(Int.self, forKey: .descriptors) ?? 1024
        inspectStreams = try c.decodeIfPresent(Bool.self, forKey: .inspectStreams) ?? false
        streamAnomalies = try c.decodeIfPresent(StreamAnomalyAction.self, forKey: .streamAnomalies) ?? .forward
        ports = try c.decode([Port].self, forKey: .ports)
        applications = try c.decodeIfPresent([Application].self, forKey: .applications) ?? []
        enforcementLog = try c.decodeIfPresent(String.self, forKey: .enforcementLog)
        metrics = try c.decodeIfPresent(String.self, forKey: .metrics)
        control = try c.decodeIfPresent(Control.self, forKey: .control)
    }
}

extension SwitchConfig.Application {
    enum CodingKeys: String, CodingKey { case name, defaultPolicy = "default_policy", spec, mode, services }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        defaultPolicy = try c.decodeIfPresent(SwitchConfig.DefaultPolicy.self, forKey: .defaultPolicy) ?? .pass
        spec = try c.decodeIfPresent(String.self, forKey: .spec)
        mode = try c.decodeIfPresent(EnforcementMode.self, forKey: .mode) ?? .enforce
        services = try c.decodeIfPresent([SwitchConfig.Service].self, forKey: .services) ?? []
    }
}

extension SwitchConfig.Service {
    enum CodingKeys: String, CodingKey { case name, address, tcpPorts = "tcp_ports", `protocol`, external, port }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        address = try c.decode(String.self, forKey: .address)
        tcpPorts = try c.decode([UInt16].self, forKey: .tcpPorts)
        `protocol` = try c.decode(String.self, forKey: .protocol)
        external = try c.decodeIfPresent(Bool.self, forKey: .external) ?? false
        port = try c.decodeIfPresent(String.self, forKey: .port)
    }
}

extension SwitchConfig {
    /// Protocols a service may declare (the decoders RPCDecode provides).
    static let protocols: Set<String> = ["http", "grpc", "thrift", "redis", "tcp"]

    /// Reads and validates a config file.
    static func load(path: String) throws -> SwitchConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    /// Parses and validates YAML text; errors name `file` and, where YAML knows it, the line.
    static func parse(_ text: String, file: String) throws -> SwitchConfig {
        let config: SwitchConfig
        do {
            try rejectUnknownKeys(in: Yams.load(yaml: text), file: file)
            config = try YAMLDecoder().decode(SwitchConfig.self, from: text)
        } catch let error as DecodingError {
            throw ConfigError(file: file, message: ConfigError.describe(error))
        } catch let error as YamlError {
            throw ConfigError(file: file, message: "not valid YAML: \(error)")
        }
        try config.validate(file: file)
        return config
    }

    /// Keys each level accepts; anything else is a typo the switch must not silently ignore.
    static let knownKeys: [String: Set<String>] = [
        "": Set(CodingKeys.allCases.map(\.rawValue)),
        "ports": ["name", "interface", "driver", "vdev", "device"],
        "applications": ["name", "default_policy", "spec", "mode", "services"],
        "services": ["name", "address", "tcp_ports", "protocol", "external", "port"],
        "control": Set(Control.CodingKeys.allCases.map(\.rawValue)),
    ]

    static func rejectUnknownKeys(in node: Any?, file: String, level: String = "", path: String = "") throws {
        guard let map = node as? [String: Any] else {
            if level.isEmpty { throw ConfigError(file: file, message: "the file must be a YAML mapping with at least 'ports'") }
            return
        }
        let known = knownKeys[level] ?? []
        for (key, value) in map {
            let here = path.isEmpty ? key : "\(path).\(key)"
            guard known.contains(key) else {
                throw ConfigError(file: file, message: "\(here): unknown key (known here: \(known.sorted().joined(separator: ", ")))")
            }
            if value is [String: Any], knownKeys[key] != nil {
                try rejectUnknownKeys(in: value, file: file, level: key, path: here)
            } else if let list = value as? [Any], knownKeys[key] != nil {
                for (i, item) in list.enumerated() {
                    try rejectUnknownKeys(in: item, file: file, level: key, path: "\(here)[\(i)]")
                }
            }
        }
    }

    /// Checks what decoding cannot: names unique, one device per port, addresses valid, …
    func validate(file: String) throws {
        func fail(_ m: String) -> ConfigError { ConfigError(file: file, message: m) }
        guard !ports.isEmpty else { throw fail("ports: at least one port is needed") }
        guard cores >= 1 else { throw fail("cores: must be at least 1 (got \(cores))") }
        guard statsInterval >= 0, macAging > 0 else { throw fail("stats_interval must be ≥ 0 and mac_aging > 0") }
        guard macTableSize > 0, mbufs >= 1024, descriptors >= 64 else {
            throw fail("mac_table_size must be > 0, mbufs ≥ 1024, descriptors ≥ 64")
        }
        guard inspecting || streamAnomalies == .forward else {
            throw fail("stream_anomalies: reset needs inspect_streams: true (only inspected streams have anomalies)")
        }
        var names = Set<String>()
        for (i, p) in ports.enumerated() {
            guard !p.name.isEmpty, names.insert(p.name).inserted else {
                throw fail("ports[\(i)].name: '\(p.name)' is empty or used twice")
            }
            let kinds = [p.interface, p.vdev, p.device].compactMap { $0 }
            guard kinds.count == 1 else {
                throw fail("ports[\(i)] (\(p.name)): give exactly one of interface, vdev, device")
            }
            if let d = p.driver {
                guard p.interface != nil, ["af_packet", "af_xdp"].contains(d) else {
                    throw fail("ports[\(i)] (\(p.name)).driver: '\(d)' — use af_packet or af_xdp, with interface")
                }
            }
            if let v = p.vdev, !v.hasPrefix("net_") {
                throw fail("ports[\(i)] (\(p.name)).vdev: '\(v)' is not an ethdev vdev (they start with net_)")
            }
        }
        var apps = Set<String>()
        if let m = metrics, IPv4Address.endpoint(m) == nil { throw fail("metrics: '\(m)' is not HOST:PORT with an IPv4 host") }
        if let c = control {
            guard IPv4Address.endpoint(c.listen) != nil else { throw fail("control.listen: '\(c.listen)' is not HOST:PORT with an IPv4 host") }
            guard c.sessionTimeout > 0 else { throw fail("control.session_timeout: must be > 0 seconds") }
            guard enforcing else { throw fail("control: the debugger needs an application with a spec (it breaks on checked messages)") }
        }
        for (a, app) in applications.enumerated() {
            guard apps.insert(app.name).inserted else { throw fail("applications[\(a)].name: '\(app.name)' used twice") }
            guard app.spec != nil || !app.services.isEmpty else {
                throw fail("applications[\(a)] (\(app.name)): give services, or a spec whose services have addresses")
            }
            var services = Set<String>()
            for (s, svc) in app.services.enumerated() {
                let at = "applications[\(a)] (\(app.name)).services[\(s)] (\(svc.name))"
                guard services.insert(svc.name).inserted else { throw fail("\(at): name used twice") }
                guard IPv4Address(svc.address) != nil else { throw fail("\(at).address: '\(svc.address)' is not an IPv4 address") }
                guard !svc.tcpPorts.isEmpty, !svc.tcpPorts.contains(0) else { throw fail("\(at).tcp_ports: give at least one port, none 0") }
                guard Self.protocols.contains(svc.protocol) else {
                    throw fail("\(at).protocol: '\(svc.protocol)' — use one of \(Self.protocols.sorted().joined(separator: ", "))")
                }
                if let p = svc.port, !names.contains(p) { throw fail("\(at).port: no switch port named '\(p)'") }
            }
        }
    }
}
