import Foundation

/// An operator's namespace linked to the switch namespaces of several testbeds, the way a
/// debugger reaches the vswitches of several hosts: switch i is at 10.78.i.2 on a veth whose
/// other end, 10.78.i.1, is in the operator's namespace. Addresses exist only inside these
/// namespaces. `remove()` deletes the namespace (and with it the veths).
final class ManagementNetwork {
    let namespace: String
    private var created = false

    init(tag: String) {
        namespace = "\(tag)-ops"
    }

    /// Links `switchNamespace` as switch `index` (from 1); returns the switch's address there.
    func link(_ switchNamespace: String, index: Int) throws -> String {
        if !created {
            try Command.check(["ip", "netns", "add", namespace])
            created = true
            try Command.check(["ip", "-n", namespace, "link", "set", "lo", "up"])
        }
        let opsSide = "mgmt\(index)", switchSide = "mgmt0"
        try Command.check(["ip", "link", "add", opsSide, "netns", namespace, "type", "veth", "peer", "name", switchSide, "netns", switchNamespace])
        try Command.check(["ip", "-n", namespace, "addr", "add", "10.78.\(index).1/30", "dev", opsSide])
        try Command.check(["ip", "-n", switchNamespace, "addr", "add", "10.78.\(index).2/30", "dev", switchSide])
        try Command.check(["ip", "-n", namespace, "link", "set", opsSide, "up"])
        try Command.check(["ip", "-n", switchNamespace, "link", "set", switchSide, "up"])
        return "10.78.\(index).2"
    }

    func remove() {
        guard created else { return }
        _ = try? Command.run(["ip", "netns", "del", namespace])
        created = false
    }
}
