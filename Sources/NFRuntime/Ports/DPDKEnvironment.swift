import CDPDK
import Glibc

/// The process's DPDK EAL: initialised once, then the place to find, start and stop ports and to
/// launch per-lcore loops.
///
/// EAL arguments are DPDK's own (`-l 0-1 --no-huge -m 512 --no-pci --vdev=…`). EAL can be
/// initialised once per process; `initialize` enforces that.
public final class DPDKEnvironment: @unchecked Sendable {
    private nonisolated(unsafe) static var initialized = false

    /// The arguments EAL was initialised with.
    public let arguments: [String]

    /// Initialises the EAL with `arguments` (argv[0] is added). Throws on failure or a second call.
    public init(arguments: [String]) throws {
        guard !Self.initialized else { throw DPDKError(step: "rte_eal_init (EAL already initialised in this process)", code: -114) }
        let argv = (["ucheck"] + arguments).map { strdup($0) } + [nil]
        let argc = Int32(argv.count - 1)
        var cArgv = argv
        let rc = cArgv.withUnsafeMutableBufferPointer { cdpdk_eal_init(argc, $0.baseAddress) }
        // EAL keeps pointers into argv; the strings stay allocated for the process's life.
        guard rc >= 0 else { throw DPDKError(step: "rte_eal_init \(arguments.joined(separator: " "))", code: -cdpdk_errno()) }
        Self.initialized = true
        self.arguments = arguments
    }

    /// Ports EAL created from its arguments (vdevs and probed devices).
    public var portCount: Int { Int(cdpdk_port_count()) }

    /// The port id of device `name` ("net_af_packet0"), or nil.
    public func port(named name: String) -> UInt16? {
        let id = cdpdk_port_by_name(name)
        return id < 0 ? nil : UInt16(id)
    }

    /// The device name of port `id`.
    public func name(ofPort id: UInt16) -> String {
        var buf = [CChar](repeating: 0, count: 64)
        guard cdpdk_port_name(id, &buf, 64) == 0 else { return "port\(id)" }
        return String(cString: buf)
    }

    /// Creates a vdev at run time from its devargs ("net_null0,size=64"); returns its port id.
    public func attachVirtualDevice(_ devargs: String) throws -> UInt16 {
        let rc = cdpdk_vdev_attach(devargs)
        guard rc >= 0 else { throw DPDKError(step: "vdev \(devargs)", code: rc) }
        return UInt16(rc)
    }

    /// Configures and starts a port with the given queue counts, receiving into `pool`.
    public func startPort(_ id: UInt16, rxQueues: Int = 1, txQueues: Int = 1, descriptors: Int = 1024,
                          pool: DPDKMbufPool) throws {
        var stage: UnsafePointer<CChar>?
        let rc = cdpdk_port_start(id, UInt16(rxQueues), UInt16(txQueues), UInt16(descriptors), pool.pointer, &stage)
        guard rc == 0 else {
            throw DPDKError(step: "port \(name(ofPort: id)): \(stage.map { String(cString: $0) } ?? "start")", code: rc)
        }
    }

    /// Stops and closes a port (its queued mbufs return to the pool).
    public func stopPort(_ id: UInt16) {
        _ = cdpdk_port_stop(id)
        _ = cdpdk_port_close(id)
    }

    /// The port's MAC address.
    public func macAddress(ofPort id: UInt16) -> MACAddress {
        var bytes = [UInt8](repeating: 0, count: 6)
        _ = cdpdk_port_mac(id, &bytes)
        return MACAddress(bytes)
    }

    /// Worker lcores EAL was given (all but the main lcore).
    public var workerLcores: [UInt32] {
        var out: [UInt32] = []
        var l = cdpdk_next_worker_lcore(UInt32.max)
        while l < cdpdk_max_lcore() {
            out.append(l)
            l = cdpdk_next_worker_lcore(l)
        }
        return out
    }

    /// Runs `body` on worker `lcore`; `waitForWorkers()` joins it.
    public func launch(on lcore: UInt32, _ body: @escaping @Sendable () -> Void) throws {
        let box = Unmanaged.passRetained(WorkerBody(body)).toOpaque()
        let rc = cdpdk_launch({ arg in
            let body = Unmanaged<WorkerBody>.fromOpaque(arg!).takeRetainedValue()
            body.run()
            return 0
        }, box, lcore)
        guard rc == 0 else {
            Unmanaged<WorkerBody>.fromOpaque(box).release()
            throw DPDKError(step: "launch on lcore \(lcore)", code: rc)
        }
    }

    /// Runs `body` on a new thread off the packet path (an EAL control thread: on the CPUs no
    /// lcore uses, so servers and reloaders never compete with a polling core). Threads it
    /// starts inherit that placement.
    public func startControlThread(named name: String, _ body: @escaping @Sendable () -> Void) throws {
        let box = Unmanaged.passRetained(WorkerBody(body)).toOpaque()
        let rc = cdpdk_control_thread(String(name.prefix(15)), { arg in
            let body = Unmanaged<WorkerBody>.fromOpaque(arg!).takeRetainedValue()
            body.run()
            return 0
        }, box)
        guard rc == 0 else {
            Unmanaged<WorkerBody>.fromOpaque(box).release()
            throw DPDKError(step: "control thread \(name)", code: rc)
        }
    }

    /// Waits until every launched worker returns.
    public func waitForWorkers() { cdpdk_wait_all() }

    /// Releases EAL resources; call last, after stopping ports.
    public func cleanup() { _ = cdpdk_eal_cleanup() }

    /// TSC ticks per second.
    public static var ticksPerSecond: UInt64 { cdpdk_tsc_hz() }
}

private final class WorkerBody {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}
