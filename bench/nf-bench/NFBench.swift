import ArgumentParser
import NFRuntime
import SampleNFs

/// `nf-bench CASE [--seconds S] -- EAL-ARGS`: runs one bench case on one core between two
/// `net_null` vdevs (rx `net_null0`, tx `net_null1`) and prints one line:
/// `case=… impl=swift mpps=… rx=… tx=… seconds=… detail=…`. `bench/run-nf.sh` drives it.
@main
struct NFBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nf-bench",
        abstract: "Packet rate of the NF runtime's forwarders and sample NFs on net_null vdevs.")

    @Argument(help: "One of: \(BenchCase.allCases.map(\.rawValue).joined(separator: ", ")).")
    var benchCase: BenchCase

    @Option(help: "Measured seconds.")
    var seconds: Double = 5

    @Option(help: "Unmeasured seconds before the measurement.")
    var warmup: Double = 0.5

    @Argument(parsing: .postTerminator, help: "EAL arguments, after --.")
    var eal: [String] = []

    mutating func run() throws {
        let env = try DPDKEnvironment(arguments: eal)
        let pool = try DPDKMbufPool(name: "bench", count: 8191, cacheSize: 256)
        guard let rxID = env.port(named: "net_null0"), let txID = env.port(named: "net_null1") else {
            throw ValidationError("EAL arguments must create net_null0 and net_null1 (--vdev=net_null0,size=64 …)")
        }
        let filled = BenchTraffic.fill(pool)
        try env.startPort(rxID, pool: pool)
        try env.startPort(txID, pool: pool)
        let rx = DPDKPort(portID: rxID, index: 0, pool: pool)
        let tx = DPDKPort(portID: txID, index: 1, pool: pool)
        let scheduler = EventScheduler()
        let warmup = UInt64(self.warmup * 1e9), duration = UInt64(seconds * 1e9)
        func measure<Work: BatchRunnable>(_ work: Work) -> Measurement {
            Measurement.run(work, scheduler: scheduler, rx: rx, tx: tx, warmup: warmup, duration: duration)
        }

        let result: Measurement
        var detail = "pool=\(filled)"
        switch benchCase {
        case .forward:
            result = measure(rx.received().send(to: tx))
        case .macswap:
            result = measure(rx.parse(Ethernet.self).transform { packet in
                let eth = packet.header
                let destination = eth.destination
                eth.destination = eth.source
                eth.source = destination
            }.send(to: tx))
        case .ipv4read:
            result = measure(rx.parse(Ethernet.self).parse(IPv4.self).send(to: tx))
        case .ttl:
            result = measure(ttlDecrement(rx.received().transform { BenchTraffic.restoreTTL($0.frame) }).send(to: tx))
        case .acl:
            let firewall = ACLFirewall(rules: BenchConfiguration.aclRules, defaultAction: .deny)
            result = measure(firewall.filter(rx.received()).send(to: tx))
            detail += " rule8=\(firewall.hits(rule: 7)) default=\(firewall.defaultHits)"
        case .maglev:
            let balancer = MaglevLoadBalancer(backends: BenchConfiguration.backends,
                                              flowCacheCapacity: BenchConfiguration.flowCapacity)
            let worker = balancer.worker(core: 0)
            worker.schedule(on: scheduler)
            result = measure(worker.balance(rx.received()).send(to: tx))
            detail += " cached=\(worker.cachedFlows) uncached=\(worker.uncached)"
        case .flowmon:
            var reports = 0
            let monitor = FlowMonitor(capacity: BenchConfiguration.flowCapacity) { _ in reports += 1 }
            monitor.schedule(core: 0, on: scheduler)
            result = measure(monitor.monitor(core: 0, rx.received()).send(to: tx))
            detail += " flows=\(monitor.shards[0].flowCount) reports=\(reports)"
        }
        env.stopPort(rxID)
        env.stopPort(txID)
        env.cleanup()
        print("case=\(benchCase.rawValue) impl=swift mpps=\(Self.rounded(result.mpps)) rx=\(result.received) "
              + "tx=\(result.transmitted) seconds=\(Self.rounded(Double(result.nanoseconds) / 1e9)) detail=\(detail)")
    }

    /// `x` to three decimals.
    static func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}
