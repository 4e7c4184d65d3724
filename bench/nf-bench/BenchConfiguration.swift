import NFRuntime
import SampleNFs

/// The NF configurations `nf-bench` runs, mirrored line for line in `bench/c` (acl.c, maglev.c,
/// flowmon.c) so both sides do the same work per packet.
enum BenchConfiguration {
    /// Eight rules; the bench's port-80 flows match the last, its port-22 flows none (default
    /// deny), so every packet scans all eight.
    static let aclRules: [ACLRule] = [
        ACLRule(.deny, source: IPv4Prefix("10.99.0.0/16")!),
        ACLRule(.deny, destination: IPv4Prefix("192.0.2.99/32")!),
        ACLRule(.deny, protocolNumber: IPv4.udp, destinationPorts: 53...53),
        ACLRule(.allow, source: IPv4Prefix("172.16.0.0/12")!, protocolNumber: IPv4.tcp, destinationPorts: 443...443),
        ACLRule(.deny, source: IPv4Prefix("10.0.0.0/8")!, protocolNumber: IPv4.tcp, destinationPorts: 23...23),
        ACLRule(.allow, protocolNumber: IPv4.tcp, destinationPorts: 8080...8090),
        ACLRule(.deny, protocolNumber: IPv4.icmp),
        ACLRule(.allow, source: IPv4Prefix("10.0.0.0/8")!, destination: IPv4Prefix("192.0.2.0/24")!,
                protocolNumber: IPv4.tcp, destinationPorts: 80...80),
    ]

    /// Sixteen backends, "backend-0" … "backend-15", in the paper's small table (65537).
    static let backends: [MaglevBackend] = (0..<16).map {
        MaglevBackend(name: "backend-\($0)", address: MACAddress(raw: 0x02_00_00_00_01_00 + UInt64($0)))
    }

    /// Flow-table capacity of the Maglev cache and the flow monitor.
    static let flowCapacity = 1 << 16
}
