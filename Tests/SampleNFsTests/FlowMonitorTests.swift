import NFRuntime
import SampleNFs
import XCTest

/// `FlowMonitor`: counters equal what was sent, every frame passes unchanged, reports come on
/// the scheduler's period, idle flows expire, and the table's capacity holds.
final class FlowMonitorTests: XCTestCase {
    let frames = TestFrames()

    /// A clock the test moves by hand.
    final class ManualClock {
        var now: UInt64 = 1_000_000_000
        func read() -> UInt64 { now }
    }

    func key(_ source: String, _ destination: String, _ sourcePort: UInt16, _ destinationPort: UInt16, udp: Bool = false) -> FlowKey {
        FlowKey(source: IPv4Address(source)!, destination: IPv4Address(destination)!, sourcePort: sourcePort,
                destinationPort: destinationPort, protocolNumber: udp ? IPv4.udp : IPv4.tcp)
    }

    func testCountsMatchWhatWasSentAndFramesPassUnchanged() {
        let clock = ManualClock()
        let monitor = FlowMonitor(clock: clock.read) { _ in }
        let port = MemoryPort(pool: frames.pool)
        var nf = monitor.monitor(core: 0, port.received()).send(to: port)

        let a = frames.ipv4("10.0.0.1", "10.0.0.2", sourcePort: 1111, destinationPort: 80, payload: Array(repeating: 1, count: 100))
        let aSmall = frames.ipv4("10.0.0.1", "10.0.0.2", sourcePort: 1111, destinationPort: 80, payload: [])
        let reply = frames.ipv4("10.0.0.2", "10.0.0.1", sourcePort: 80, destinationPort: 1111)
        let dns = frames.ipv4("10.0.0.1", "10.0.0.53", sourcePort: 5353, destinationPort: 53, udp: true)
        let v6 = frames.ipv6(source: 0x2001_0db8 << 96 | 1, destination: 0x2001_0db8 << 96 | 2, sourcePort: 7, destinationPort: 9)
        let sent = [a, reply, aSmall, dns, TestFrames.arp, a, frames.icmp("10.0.0.1", "10.0.0.2"), v6, dns, a]
        for frame in sent { port.write(frame) }
        nf.drain(port)
        XCTAssertEqual(port.read(), sent, "the monitor forwards everything, unchanged and in order")

        let shard = monitor.shards[0]
        XCTAssertEqual(shard.flowCount, 4)
        let flowA = shard.record(of: key("10.0.0.1", "10.0.0.2", 1111, 80))
        XCTAssertEqual(flowA?.packets, 4)
        XCTAssertEqual(flowA?.bytes, UInt64(3 * a.count + aSmall.count))
        XCTAssertEqual(shard.record(of: key("10.0.0.2", "10.0.0.1", 80, 1111))?.packets, 1, "directions are separate flows")
        XCTAssertEqual(shard.record(of: key("10.0.0.1", "10.0.0.53", 5353, 53, udp: true))?.bytes, UInt64(2 * dns.count))
        let v6Key = FlowKey(source: 0x2001_0db8 << 96 | 1, destination: 0x2001_0db8 << 96 | 2, sourcePort: 7,
                            destinationPort: 9, protocolNumber: IPv4.udp)
        XCTAssertEqual(shard.record(of: v6Key)?.packets, 1)
        XCTAssertEqual(shard.unkeyedPackets, 2, "ARP and ICMP have no 5-tuple")
    }

    func testReportsPeriodicallyAndExpiresIdleFlows() {
        let clock = ManualClock()
        let start = clock.now
        var reports: [FlowReport] = []
        let monitor = FlowMonitor(idleTimeout: 3_000, reportInterval: 2_000, clockResolution: 100, clock: clock.read) { reports.append($0) }
        let scheduler = EventScheduler()
        monitor.schedule(core: 0, on: scheduler)
        let port = MemoryPort(pool: frames.pool)
        var nf = monitor.monitor(core: 0, port.received()).send(to: port)
        let busy = frames.ipv4("10.0.0.1", "10.0.0.2", sourcePort: 1, destinationPort: 2)
        let quiet = frames.ipv4("10.0.0.3", "10.0.0.4", sourcePort: 3, destinationPort: 4)

        /// Advances the clock to `t` ns after the start, running due events, and sends `input`.
        func step(to t: UInt64, sending input: [[UInt8]]) {
            clock.now = start + t
            scheduler.runDue(now: clock.now)
            for frame in input { port.write(frame) }
            nf.drain(port)
            _ = port.read()
        }
        step(to: 0, sending: [busy, quiet])
        step(to: 1_000, sending: [busy])
        XCTAssertTrue(reports.isEmpty)
        step(to: 2_000, sending: [busy])
        XCTAssertEqual(reports.count, 1)
        XCTAssertEqual(Set(reports[0].active.map(\.key)), [key("10.0.0.1", "10.0.0.2", 1, 2), key("10.0.0.3", "10.0.0.4", 3, 4)])
        XCTAssertTrue(reports[0].expired.isEmpty)
        step(to: 3_000, sending: [busy])
        step(to: 4_000, sending: [])
        XCTAssertEqual(reports.count, 2)
        XCTAssertEqual(reports[1].active.map(\.key), [key("10.0.0.1", "10.0.0.2", 1, 2)])
        XCTAssertEqual(reports[1].expired.map(\.key), [key("10.0.0.3", "10.0.0.4", 3, 4)], "idle since t=0, expired at t=4000")
        XCTAssertEqual(reports[1].expired.first?.record, FlowRecord(packets: 1, bytes: UInt64(quiet.count), firstSeen: start, lastSeen: start))
        XCTAssertEqual(reports[1].active.first?.record.packets, 4)
        XCTAssertEqual(reports[1].active.first?.record.lastSeen, start + 3_000, "stamped with the last clock tick")
        XCTAssertEqual(monitor.shards[0].flowCount, 1)
        step(to: 8_000, sending: [])
        XCTAssertEqual(reports.count, 3)
        XCTAssertEqual(reports[2].expired.map(\.record.packets), [4])
        XCTAssertEqual(monitor.shards[0].flowCount, 0)
    }

    func testNewFlowsBeyondCapacityAreCountedButNotTracked() {
        let monitor = FlowMonitor(capacity: 2) { _ in }
        let port = MemoryPort(pool: frames.pool)
        var nf = monitor.monitor(core: 0, port.received()).send(to: port)
        let input = (0..<3).map { frames.ipv4("10.0.0.\($0 + 1)", "10.0.0.9") }
        for frame in input + input { port.write(frame) }
        nf.drain(port)
        XCTAssertEqual(port.read().count, 6, "untracked packets still pass")
        XCTAssertEqual(monitor.shards[0].flowCount, 2)
        XCTAssertEqual(monitor.shards[0].untrackedPackets, 2)
        XCTAssertEqual(monitor.shards[0].record(of: key("10.0.0.1", "10.0.0.9", 40000, 80))?.packets, 2)
    }
}
