import Foundation

/// The set-up every end-to-end test shares: `hosts` namespaces joined only through a running
/// `vswitch` (stats every 0.2 s, TCP inspection on), with `extraConfig` lines added to its YAML.
/// With `afPacketOptions` the ports are `net_af_packet` vdevs with those devargs (e.g.
/// `qdisc_bypass=0`, so the switch's transmissions pass the kernel's egress hooks).
/// Several testbeds in one test need distinct `instance` numbers.
/// `remove()` stops the switch by PID and deletes the namespaces and the work folder; call it
/// from tearDown (it is safe after a failed start).
final class SwitchTestbed {
    let topology: SwitchedNamespaces
    let directory: URL
    private(set) var vswitch: RunningSwitch!

    init(hosts: Int, driver: String, cores: Int = 1, extraConfig: [String] = [], afPacketOptions: String? = nil, instance: Int = 0) throws {
        try EndToEndRequirements.check()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vswitch-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        topology = SwitchedNamespaces(hosts: hosts, instance: instance)
        do {
            try topology.create()
            let ports = (1...hosts).map { h in
                afPacketOptions.map { "  - {name: h\(h), vdev: \"net_af_packet\(h),iface=\(topology.switchInterface(h)),\($0)\"}" }
                    ?? "  - {name: h\(h), interface: \(topology.switchInterface(h)), driver: \(driver)}"
            }
            let config = ["eal: [\"--no-huge\", \"-m\", \"256\", \"--no-pci\", \"--log-level=lib.eal:error\"]",
                          "stats_interval: 0.2", "cores: \(cores)", "inspect_streams: true"] + extraConfig + ["ports:"] + ports
            vswitch = try RunningSwitch(namespace: topology.switchNamespace, config: config.joined(separator: "\n"), directory: directory)
            try vswitch.waitUntilForwarding()
        } catch {
            remove()
            throw error
        }
    }

    func remove() {
        if let vswitch { _ = vswitch.stop() }
        topology.remove()
        try? FileManager.default.removeItem(at: directory)
    }
}
