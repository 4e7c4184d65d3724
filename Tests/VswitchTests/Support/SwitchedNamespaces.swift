import Foundation

/// A test topology: `hosts` network namespaces, each joined by a veth pair to a switch namespace
/// where `vswitch` runs, and nothing else — the hosts can reach each other only through the switch.
///
/// Addresses are 10.77.<subnet>.<i>/24, inside the hosts' own namespaces only. IPv6 is off so the
/// only traffic is what a test sends (plus ARP). Transmit checksum offload is off on the hosts'
/// veths (af_packet never completes partial checksums). `remove()` deletes every namespace, which
/// also deletes the veths; it runs in tearDown, so also after a failure.
final class SwitchedNamespaces {
    let tag: String
    let hosts: Int
    let subnet: Int
    private(set) var created: [String] = []

    /// `instance` tells apart the topologies of one test (several switches): each has its own names.
    init(hosts: Int, instance: Int = 0) {
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        tag = "uc\(pid % 100000)" + (instance == 0 ? "" : "i\(instance)")
        self.hosts = hosts
        subnet = 100 + pid % 100
    }

    var switchNamespace: String { "\(tag)-sw" }
    func namespace(_ host: Int) -> String { "\(tag)-h\(host)" }
    func address(_ host: Int) -> String { "10.77.\(subnet).\(host)" }
    /// The switch-side interface of `host`.
    func switchInterface(_ host: Int) -> String { "\(tag)s\(host)" }

    func create() throws {
        try add(switchNamespace)
        try Command.check(["ip", "netns", "exec", switchNamespace, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"])
        try Command.check(["ip", "-n", switchNamespace, "link", "set", "lo", "up"]) // the switch's metrics endpoint
        for h in 1...hosts {
            let ns = namespace(h), sw = switchInterface(h)
            try add(ns)
            try Command.check(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"])
            try Command.check(["ip", "link", "add", sw, "netns", switchNamespace, "type", "veth", "peer", "name", "eth0", "netns", ns])
            try Command.check(["ip", "-n", switchNamespace, "link", "set", sw, "up"])
            try Command.check(["ip", "-n", ns, "addr", "add", "\(address(h))/24", "dev", "eth0"])
            try Command.check(["ip", "-n", ns, "link", "set", "eth0", "up"])
            try Command.check(["ip", "-n", ns, "link", "set", "lo", "up"])
            try Command.check(["ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off"])
        }
    }

    private func add(_ ns: String) throws {
        try Command.check(["ip", "netns", "add", ns])
        created.append(ns)
    }

    /// Runs a command inside `host`'s namespace.
    @discardableResult
    func run(in host: Int, _ arguments: [String], input: Data? = nil, timeout: Double = 60) throws -> String {
        try Command.check(["ip", "netns", "exec", namespace(host)] + arguments, input: input, timeout: timeout)
    }

    func remove() {
        for ns in created.reversed() { _ = try? Command.run(["ip", "netns", "del", ns]) }
        created.removeAll()
    }
}
