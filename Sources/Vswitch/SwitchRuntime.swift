import ControlAPI
import Enforcer
import Foundation
import Models
import NFRuntime

/// Starts DPDK and the ports a `SwitchConfig` names, runs one graph per core until SIGINT or
/// SIGTERM, then shuts down cleanly: loops stop after their batch, workers are joined, batches
/// release their mbufs, ports are stopped and closed, the final report is printed and EAL is
/// cleaned up. Cold code only; the packet path is in `SwitchGraph`.
final class SwitchRuntime {
    let config: SwitchConfig
    let statsJSONPath: String?
    let exitWithParent: Bool

    init(config: SwitchConfig, statsJSONPath: String?, exitWithParent: Bool = false) {
        self.config = config
        self.statsJSONPath = statsJSONPath
        self.exitWithParent = exitWithParent
    }

    /// A port as started: its config, DPDK id and device name.
    struct StartedPort {
        let index: Int
        let config: SwitchConfig.Port
        let id: UInt16
        let device: String
    }

    /// The device name and EAL argument of each configured port.
    static func devices(for ports: [SwitchConfig.Port], cores: Int) -> [(name: String, argument: [String])] {
        ports.enumerated().map { i, p in
            if let iface = p.interface {
                let driver = p.driver ?? SwitchConfig.defaultDriver
                let name = "net_\(driver)\(i)"
                let extra = driver == "af_packet" ? ",qpairs=\(cores)" : ",queue_count=\(cores)"
                return (name, ["--vdev=\(name),iface=\(iface)\(extra)"])
            }
            if let vdev = p.vdev {
                return (String(vdev.prefix { $0 != "," }), ["--vdev=\(vdev)"])
            }
            return (p.device!, ["-a", p.device!])
        }
    }

    /// The full EAL argument list: the configured arguments, the ports' devices, and defaults for
    /// the lcore list and a per-process file prefix when the configuration gives none.
    static func ealArguments(_ config: SwitchConfig, pid: Int32) -> [String] {
        var args = config.eal
        if !args.contains(where: { $0 == "-l" || $0.hasPrefix("--lcores") || $0 == "-c" }) {
            args += ["-l", config.cores == 1 ? "0" : "0-\(config.cores - 1)"]
        }
        if !args.contains(where: { $0.hasPrefix("--file-prefix") }) { args.append("--file-prefix=vswitch-\(pid)") } // removed at exit
        for d in devices(for: config.ports, cores: config.cores) { args += d.argument }
        return args
    }

    /// EAL leaves its runtime files in /var/run/dpdk/<prefix> (root) or $XDG_RUNTIME_DIR/dpdk/<prefix>;
    /// removes them when the prefix is the per-process one this switch chose.
    static func removeRuntimeDirectory(of config: SwitchConfig) {
        guard !config.eal.contains(where: { $0.hasPrefix("--file-prefix") }) else { return }
        let prefix = "vswitch-\(getpid())"
        let base = getuid() == 0 ? "/var/run/dpdk" : (ProcessInfo.processInfo.environment["XDG_RUNTIME_DIR"] ?? "/tmp") + "/dpdk"
        try? FileManager.default.removeItem(atPath: "\(base)/\(prefix)")
    }

    /// Fails early, with a message naming the port, when an interface does not exist or, for
    /// af_xdp (one XDP socket per queue), has fewer receive queues than the switch has cores.
    static func checkInterfaces(_ ports: [SwitchConfig.Port], cores: Int, file: String) throws {
        for p in ports {
            guard let iface = p.interface else { continue }
            guard FileManager.default.fileExists(atPath: "/sys/class/net/\(iface)") else {
                throw ConfigError(file: file, message: "port '\(p.name)': interface '\(iface)' does not exist (create the veth pair first)")
            }
            if (p.driver ?? SwitchConfig.defaultDriver) == "af_xdp", cores > 1 {
                let queues = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net/\(iface)/queues"))?
                    .filter { $0.hasPrefix("rx-") }.count ?? 0
                guard queues >= cores else {
                    throw ConfigError(file: file, message: "port '\(p.name)': af_xdp with \(cores) cores needs \(cores) queues on '\(iface)', it has \(queues) "
                                      + "(create the veth with numrxqueues/numtxqueues \(cores), or use driver: af_packet)")
                }
            }
        }
    }

    func run(configPath: String) throws {
        try Self.checkInterfaces(config.ports, cores: config.cores, file: configPath)
        let arguments = Self.ealArguments(config, pid: getpid())
        let env = try DPDKEnvironment(arguments: arguments)
        defer {
            env.cleanup()
            Self.removeRuntimeDirectory(of: config)
        }
        let workers = env.workerLcores
        guard workers.count >= config.cores - 1 else {
            throw ConfigError(file: configPath, message: "cores: \(config.cores) needs \(config.cores) lcores in the EAL arguments, EAL has \(workers.count + 1)")
        }
        let pool = try DPDKMbufPool(name: "vswitch", count: config.mbufs)

        var started: [StartedPort] = []
        defer { for p in started { env.stopPort(p.id) } }
        for (i, device) in Self.devices(for: config.ports, cores: config.cores).enumerated() {
            guard let id = env.port(named: device.name) else {
                throw ConfigError(file: configPath, message: "port '\(config.ports[i].name)': DPDK created no device '\(device.name)'")
            }
            try env.startPort(id, rxQueues: config.cores, txQueues: config.cores, descriptors: config.descriptors, pool: pool)
            started.append(StartedPort(index: i, config: config.ports[i], id: id, device: device.name))
        }
        // What the ports' receive rings hold (af_xdp fills its ring from the pool; af_packet holds none).
        let ringBaseline = pool.inUse
        for p in started {
            print("vswitch: port \(p.index) '\(p.config.name)' = \(p.device) (\(env.macAddress(ofPort: p.id)))")
        }
        printTopology()

        let metrics = MetricsRegistry(cores: config.cores)
        let enforcement = try startEnforcement(configPath: configPath, metrics: metrics, environment: env)
        defer { enforcement?.reloader.finish() }
        let stop = StopSignal()
        SignalStop.install(stop)
        let cores = (0..<config.cores).map { core in
            CoreState(core: core, cores: config.cores, ports: started, pool: pool, config: config)
        }
        let macMap = BoundedInconsistencyMap<MACAddress, UInt16>(partitions: config.cores, bound: 1, capacity: config.macTableSize)
        let startTime = MonotonicClock.nanoseconds()
        let report = { [self] in self.report(cores: cores, ports: started, pool: pool, since: startTime) }
        let exchange = config.cores > 1 ? ShuffleExchange(cores: config.cores) : nil
        let debug = try enforcement.flatMap { try startControl(configPath: configPath, enforcement: $0, cores: cores, environment: env) }
        var loops = cores.map { core in
            core.makeLoop(macMap: macMap, exchange: exchange, config: config,
                          enforcer: enforcement.map { Enforcer(policies: $0.store, log: $0.log, metrics: metrics, core: core.core, debug: debug) })
        }
        if config.statsInterval > 0 {
            loops[0].scheduler.every(nanoseconds: UInt64(config.statsInterval * 1e9)) { [self] in
                let r = report()
                print(r.line)
                fflush(nil)
                if let path = statsJSONPath { try? r.write(to: path) }
            }
        }
        if exitWithParent {
            let parent = getppid()
            loops[0].scheduler.every(nanoseconds: 200_000_000) { if getppid() != parent { stop.stop() } }
        }
        print("vswitch: forwarding on \(config.cores) core(s); SIGINT or SIGTERM stops")
        fflush(nil)
        for (i, lcore) in workers.prefix(config.cores - 1).enumerated() {
            let loop = UncheckedBox(loops[i + 1])
            try env.launch(on: lcore) {
                var l = loop.value
                _ = l.run(until: stop)
            }
        }
        _ = loops[0].run(until: stop)
        env.waitForWorkers()
        loops.removeAll() // batches and queues release their mbufs here
        var final = report() // device counters are read while the ports are still open
        final.mbufsHeldBySwitch = pool.inUse - ringBaseline
        for p in started { env.stopPort(p.id) }
        let ports = started
        started.removeAll()
        final.mbufsInUse = pool.inUse
        print("vswitch: stopped; final counters: " + final.line + "; mbufs outside the pool: \(final.mbufsHeldBySwitch ?? 0) beyond the "
              + "receive rings when the loops ended, \(final.mbufsInUse) after the \(ports.count) ports closed (0 with af_packet; af_xdp keeps its fill ring)")
        if let path = statsJSONPath { try final.write(to: path) }
    }

    /// What enforcement runs with: the policies (swapped by reloads), the log and the reloader.
    struct Enforcement {
        let store: PolicyStore
        let log: ViolationLog
        let reloader: SpecReloader
    }

    /// Loads the compiled specs, opens the log, starts the SIGHUP reloader and the metrics
    /// endpoint; nil when no application has a spec.
    private func startEnforcement(configPath: String, metrics: MetricsRegistry, environment: DPDKEnvironment) throws -> Enforcement? {
        if let endpoint = config.metrics, let (host, port) = IPv4Address.endpoint(endpoint) {
            let server = try MetricsServer(host: host, port: port, metrics: metrics)
            try server.start(on: environment)
            print("vswitch: metrics at http://\(endpoint)/metrics")
        }
        guard config.enforcing else { return nil }
        let snapshot = try EnforcementSetup.snapshot(config, configPath: configPath, metrics: metrics)
        let log: ViolationLog
        let logPath = config.enforcementLog.map { path in
            path.hasPrefix("/") ? path : URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent(path).path
        }
        do {
            log = try ViolationLog(path: logPath)
        } catch {
            throw ConfigError(file: configPath, message: "enforcement_log: cannot open \(config.enforcementLog ?? "stderr"): \(error)")
        }
        let store = PolicyStore(snapshot)
        let reloader = SpecReloader(configPath: configPath, store: store, metrics: metrics)
        try reloader.start(on: environment)
        for app in snapshot.applications {
            print("vswitch: enforcing \(app.name) (\(app.binding.mode.rawValue)): every message checked against its models' plausible messages")
            for line in Self.invariantCoverage(app.binding.spec) { print("vswitch:   \(line)") }
        }
        print("vswitch: violations go to \(logPath ?? "stderr"); SIGHUP reloads the specs")
        return Enforcement(store: store, log: log, reloader: reloader)
    }

    /// Starts the debugger control API when the configuration has `control`; its hub, else nil.
    private func startControl(configPath: String, enforcement: Enforcement, cores: [CoreState], environment: DPDKEnvironment) throws -> DebugHub? {
        guard let control = config.control, let (host, port) = IPv4Address.endpoint(control.listen) else { return nil }
        let tokenPath = control.tokenFile.hasPrefix("/") ? control.tokenFile
            : URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent(control.tokenFile).path
        let token = try ControlToken(file: tokenPath)
        let hub = DebugHub(policies: enforcement.store, requests: cores.map(\.held.requests), log: enforcement.log)
        let server = try ControlServer(host: host, port: port, token: token, sessionTimeout: control.sessionTimeout, hub: hub,
                                       policies: enforcement.store, switchName: control.name ?? "vswitch@\(control.listen)")
        try server.start(on: environment)
        print("vswitch: debugger control API v\(ControlVersion.current) at \(control.listen) (token in \(tokenPath); "
              + "a silent session ends after \(control.sessionTimeout) s and its holds are released)")
        return hub
    }

    /// How the switch checks each invariant of `spec`: a restriction or a monitor checks it on
    /// every message; otherwise only the models' plausible-message checks stand for it, which a
    /// service that breaks its model's message order can get past.
    static func invariantCoverage(_ spec: CompiledSpec) -> [String] {
        spec.invariants.map { invariant in
            let how: String
            if let r = spec.restrictions.first(where: { $0.invariant == invariant.name }) {
                how = "checked on every message (restriction at \(r.at))"
            } else if let m = spec.monitors.first(where: { $0.invariant == invariant.name }) {
                how = "checked on every message (monitor at \(m.port))"
            } else {
                how = "not checked directly: not locally monitorable, only the plausible-message checks stand for it"
            }
            return "\(invariant.name) (\(invariant.status.rawValue)): \(how)"
        }
    }

    private func printTopology() {
        for app in config.applications {
            print("vswitch: application \(app.name) (default \(app.defaultPolicy.rawValue))")
            for s in app.services {
                print("vswitch:   \(s.name) \(s.protocol) at \(s.address):\(s.tcpPorts.map(String.init).joined(separator: ","))"
                      + (s.external ? " external" : " internal") + (s.port.map { " behind \($0)" } ?? ""))
            }
        }
    }

    private func report(cores: [CoreState], ports: [StartedPort], pool: DPDKMbufPool, since: UInt64) -> SwitchReport {
        let switchTotals = cores.reduce(SwitchCounters()) { $0 + $1.counters.pointee }
        let portReports = ports.map { p -> SwitchReport.Port in
            let sw = cores.reduce(PortCounters()) { total, core in
                core.receivePorts.filter { $0.portID == p.id }.reduce(total) { $0 + $1.counters }
                    + core.transmitPorts.filter { $0.portID == p.id }.reduce(PortCounters()) { $0 + $1.counters }
            }
            let device = DPDKPort.deviceStats(of: p.id)
            return SwitchReport.Port(name: p.config.name, device: p.device, rxPackets: sw.rxPackets, rxBytes: device.rx_bytes,
                                     txPackets: sw.txPackets, txBytes: device.tx_bytes, txDropped: sw.txDropped,
                                     deviceRxMissed: device.rx_missed, deviceRxErrors: device.rx_errors,
                                     deviceTxErrors: device.tx_errors)
        }
        let streams = config.inspectStreams && !config.enforcing ? cores.reduce(StreamStatistics.Counters()) { t, c in
            let s = c.streamCounters.pointee
            return StreamStatistics.Counters(bytes: t.bytes + s.bytes, streamsFinished: t.streamsFinished + s.streamsFinished,
                                             streamsReset: t.streamsReset + s.streamsReset,
                                             streamsAbandoned: t.streamsAbandoned + s.streamsAbandoned,
                                             streamAnomalies: t.streamAnomalies + s.streamAnomalies)
        } : nil
        return SwitchReport(uptimeSeconds: Double(MonotonicClock.nanoseconds() - since) / 1e9, ports: portReports,
                            unicast: switchTotals.unicast, flooded: switchTotals.flooded, filtered: switchTotals.filtered,
                            macAddresses: cores.reduce(0) { $0 + ($1.table?.count ?? 0) },
                            macTableFull: cores.reduce(0) { $0 + ($1.table?.full ?? 0) },
                            streamBytes: streams?.bytes, streamsFinished: streams?.streamsFinished,
                            streamsReset: streams?.streamsReset, streamsAbandoned: streams?.streamsAbandoned,
                            streamAnomalies: streams?.streamAnomalies,
                            resetsSent: cores.first?.resets != nil ? cores.reduce(0) { $0 + ($1.resets?.sent ?? 0) } : nil,
                            cores: cores.map { SwitchReport.Core(core: $0.core, time: $0.loopTime.pointee) },
                            mbufsInUse: pool.inUse, mbufsHeldBySwitch: nil)
    }
}

/// What one core owns: its port queues, counters and MAC table.
final class CoreState {
    let core: Int
    let receivePorts: [DPDKPort]
    let transmitPorts: [DPDKPort]
    let counters: UnsafeMutablePointer<SwitchCounters>
    let streamCounters: UnsafeMutablePointer<StreamStatistics.Counters>
    /// Where this core's loop spends its time: all of it, and iterations that handled packets.
    let loopTime: UnsafeMutablePointer<LoopTime>
    /// The resets inspection sends for connections it kills (`stream_anomalies: reset`).
    let resets: SendResets<DPDKMbufPool>?
    /// Packets this core's window holds for debuggers.
    let held: HeldPackets
    private(set) var table: MACLearningTable?

    init(core: Int, cores: Int, ports: [SwitchRuntime.StartedPort], pool: DPDKMbufPool, config: SwitchConfig) {
        self.core = core
        // Core c polls queue c of every port and transmits on queue c: the device (af_packet
        // fanout, af_xdp/NIC RSS) spreads frames over the queues, so no queue is shared.
        receivePorts = ports.map { DPDKPort(portID: $0.id, rxQueue: UInt16(core), txQueue: UInt16(core), index: UInt16($0.index), pool: pool) }
        transmitPorts = ports.map { DPDKPort(portID: $0.id, rxQueue: UInt16(core), txQueue: UInt16(core), index: UInt16($0.index), pool: pool) }
        counters = .allocate(capacity: 1)
        counters.initialize(to: SwitchCounters())
        streamCounters = .allocate(capacity: 1)
        streamCounters.initialize(to: StreamStatistics.Counters())
        loopTime = .allocate(capacity: 1)
        loopTime.initialize(to: LoopTime())
        held = HeldPackets(capacity: WindowLimits().maxHeld)
        resets = config.enforcing || (config.inspectStreams && config.streamAnomalies == .reset) ? SendResets(queue: ResetQueue(), allocator: pool) : nil
    }

    func makeLoop(macMap: BoundedInconsistencyMap<MACAddress, UInt16>, exchange: ShuffleExchange?, config: SwitchConfig,
                  enforcer: Enforcer?) -> CoreLoop<ComposedRunnable> {
        let agingNanoseconds = UInt64(config.macAging * 1e9)
        let table = MACLearningTable(shared: macMap, core: core, cores: config.cores,
                                     capacity: config.macTableSize, agingNanoseconds: agingNanoseconds)
        self.table = table
        let graph = SwitchGraph.build(.init(core: core, receivePorts: receivePorts, transmitPorts: transmitPorts,
                                            table: table, counters: counters,
                                            streamCounters: config.inspecting ? streamCounters : nil,
                                            limits: SwitchGraph.inspectionLimits(mbufs: config.mbufs, cores: config.cores,
                                                                                 failClosed: config.streamAnomalies == .reset || config.enforcing),
                                            resets: resets, enforcer: enforcer, held: held,
                                            exchange: exchange))
        let loop = CoreLoop(work: graph, time: loopTime)
        loop.scheduler.every(nanoseconds: min(agingNanoseconds, 1_000_000_000)) { table.age(now: MonotonicClock.nanoseconds()) }
        return loop
    }
}

/// Hands a core's loop to the lcore that runs it (it is used by that lcore alone).
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
