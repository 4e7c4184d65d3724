import ArgumentParser

/// What `nf-bench` measures: three forwarders (the runtime's overhead with and without touching
/// headers) and the sample NFs. `bench/c` has the C program of the same name for each.
enum BenchCase: String, CaseIterable, ExpressibleByArgument {
    /// rx burst → tx burst, frames untouched.
    case forward
    /// Ethernet parsed, source and destination addresses swapped.
    case macswap
    /// Ethernet and IPv4 parsed (the IPv4 header read and validated), nothing written.
    case ipv4read
    /// `ttlDecrement`, after the bench source resets each frame's TTL (see `BenchTraffic`).
    case ttl
    /// `ACLFirewall` with `BenchConfiguration.aclRules`.
    case acl
    /// `MaglevWorker` over `BenchConfiguration.backends`.
    case maglev
    /// `FlowMonitor` with a report every second.
    case flowmon
}
