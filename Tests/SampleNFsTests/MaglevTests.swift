import NFRuntime
import SampleNFs
import XCTest

/// Maglev: the lookup table is balanced and minimally disrupted (Maglev §3.4), the data plane
/// steers flows consistently, and the per-core flow cache keeps existing flows on their backend
/// when the backend set changes (§3.3).
final class MaglevTests: XCTestCase {
    let frames = TestFrames()

    static func backends(_ n: Int, first: Int = 0) -> [MaglevBackend] {
        (first..<first + n).map { MaglevBackend(name: "backend-\($0)", address: MACAddress(raw: 0x02_00_00_00_01_00 + UInt64($0))) }
    }

    /// One frame per flow: flows differ by client address and port.
    func flows(_ count: Int) -> [[UInt8]] {
        (0..<count).map { frames.ipv4("10.1.\($0 / 200).\($0 % 200 + 1)", "192.0.2.80", sourcePort: UInt16(20000 + $0)) }
    }

    /// Destination MAC each frame leaves with, through `worker`, in order.
    func steer(_ input: [[UInt8]], through worker: MaglevWorker) -> [UInt64] {
        let port = MemoryPort(pool: frames.pool)
        var nf = worker.balance(port.received()).send(to: port)
        var out: [UInt64] = []
        for chunk in stride(from: 0, to: input.count, by: 32) {
            for frame in input[chunk..<min(chunk + 32, input.count)] { port.write(frame) }
            nf.drain(port)
            out += port.read().map { MACAddress(Array($0[0..<6])).raw }
        }
        return out
    }

    func testLookupTableGivesEveryBackendAnEqualShare() {
        let size = MaglevLookupTable.smallSize
        for n in [3, 7, 10, 64, 500] {
            let counts = MaglevLookupTable(backends: MaglevTests.backends(n), size: size).entryCounts()
            XCTAssertEqual(counts.reduce(0, +), size, "every entry names a backend")
            XCTAssertLessThanOrEqual(counts.max()! - counts.min()!, 1, "round-robin filling: shares differ by at most one entry")
            for c in counts {
                XCTAssertEqual(Double(c) / Double(size), 1 / Double(n), accuracy: 0.01 / Double(n), "share within 1% of 1/\(n)")
            }
        }
    }

    func testTableDependsOnlyOnBackendNames() {
        let a = MaglevLookupTable(backends: MaglevTests.backends(9), size: 4099)
        let renumbered = MaglevTests.backends(9).map { MaglevBackend(name: $0.name, address: MACAddress(raw: 0xFF)) }
        let b = MaglevLookupTable(backends: renumbered, size: 4099)
        XCTAssertEqual(a.disruption(comparedTo: b), 0, "two balancers with the same backends build the same table")
    }

    func testRemovingOneBackendMovesAboutOneNthOfTheTable() {
        let n = 10
        let balancer = MaglevLoadBalancer(backends: MaglevTests.backends(n))
        let before = balancer.table
        let removed = 3
        balancer.setBackends(MaglevTests.backends(n).filter { $0.name != "backend-\(removed)" })
        let after = balancer.table
        XCTAssertEqual(after.entryCounts()[removed], 0)
        let moved = before.disruption(comparedTo: after)
        let share = Double(before.entryCounts()[removed]) / Double(before.size)
        XCTAssertGreaterThanOrEqual(moved, share, "the removed backend's entries all move")
        XCTAssertLessThan(moved, 1.2 / Double(n), "other backends keep almost all their entries")
    }

    func testRemovingOneBackendMovesAboutOneNthOfNewFlows() {
        let n = 10
        let balancer = MaglevLoadBalancer(backends: MaglevTests.backends(n), cores: 2)
        let input = flows(2000)
        let before = steer(input, through: balancer.worker(core: 0))
        balancer.setBackends(MaglevTests.backends(n).filter { $0.name != "backend-0" })
        let after = steer(input, through: balancer.worker(core: 1))
        let moved = zip(before, after).filter { $0 != $1 }.count
        let lost = before.filter { $0 == MaglevTests.backends(1)[0].address.raw }.count
        XCTAssertGreaterThanOrEqual(moved, lost, "every flow of the removed backend moves")
        XCTAssertEqual(Double(moved) / Double(input.count), 1 / Double(n), accuracy: 0.04, "about 1/N of flows move")
    }

    func testFlowCacheKeepsExistingFlowsWhenBackendsChange() {
        let balancer = MaglevLoadBalancer(backends: MaglevTests.backends(5), cores: 2)
        let worker = balancer.worker(core: 0)
        let input = flows(500)
        let first = steer(input, through: worker)
        XCTAssertEqual(Set(first).count, 5, "flows spread over all backends")
        XCTAssertEqual(worker.cachedFlows, 500)

        balancer.setBackends(MaglevTests.backends(6))
        XCTAssertTrue(worker.refresh())
        XCTAssertEqual(steer(input, through: worker), first, "cached flows stay on their backend after one is added")
        let uncached = steer(input, through: balancer.worker(core: 1))
        XCTAssertNotEqual(uncached, first, "without the cache some flows would have moved to the new backend")

        let departed = MaglevTests.backends(1, first: 2)[0]
        balancer.setBackends(MaglevTests.backends(6).filter { $0 != departed })
        worker.refresh()
        let third = steer(input, through: worker)
        for (old, new) in zip(first, third) {
            if old == departed.address.raw {
                XCTAssertNotEqual(new, old, "a departed backend's flows move")
            } else {
                XCTAssertEqual(new, old, "flows of live backends stay")
            }
        }
    }

    func testSteeringRewritesOnlyTheDestinationAndTagsTheSlot() {
        let backends = MaglevTests.backends(3)
        let worker = MaglevLoadBalancer(backends: backends).worker(core: 0)
        let input = MemoryPort(pool: frames.pool)
        let outputs = (0..<3).map { MemoryPort(index: UInt16($0), pool: frames.pool) }
        let branches = worker.balance(input.received()).groupBy(3) { Int($0.metadata.userTag) }.branches
        var sinks = RunAll(zip(branches, outputs).map { $0.send(to: $1) })
        let sent = flows(30)
        for frame in sent { input.write(frame) }
        sinks.drain(input)
        var received = 0
        for (slot, port) in outputs.enumerated() {
            for frame in port.read() {
                XCTAssertEqual(MACAddress(Array(frame[0..<6])), backends[slot].address, "branch = slot = backend")
                XCTAssertTrue(sent.contains { $0[6...] == frame[6...] }, "nothing but the destination changes")
                received += 1
            }
        }
        XCTAssertEqual(received, sent.count)
    }

    func testWorkerSeesANewTableWhenItsRefreshEventRuns() {
        let balancer = MaglevLoadBalancer(backends: MaglevTests.backends(4))
        let worker = balancer.worker(core: 0)
        let scheduler = EventScheduler()
        worker.schedule(on: scheduler, every: 1_000, now: 0)
        let only = MaglevTests.backends(1, first: 7)
        balancer.setBackends(only)
        let input = flows(40)
        XCTAssertEqual(Set(steer(input, through: worker)).count, 4, "the old table until the event runs")
        scheduler.runDue(now: 1_000)
        XCTAssertEqual(Set(steer(input, through: worker)), [only[0].address.raw], "then every flow, cached or not, to the one live backend")
    }

    func testDropsPacketsWhenNoBackendIsLive() {
        let worker = MaglevLoadBalancer(backends: []).worker(core: 0)
        XCTAssertEqual(steer(flows(5), through: worker), [])
        XCTAssertEqual(worker.unbalanced, 5)
    }

    func testFlowsBeyondTheCacheCapacityAreStillSteeredConsistently() {
        let worker = MaglevLoadBalancer(backends: MaglevTests.backends(4), flowCacheCapacity: 4).worker(core: 0)
        let input = flows(10)
        let first = steer(input, through: worker)
        XCTAssertEqual(worker.cachedFlows, 4)
        XCTAssertEqual(worker.uncached, 6)
        XCTAssertEqual(steer(input, through: worker), first)
        XCTAssertEqual(worker.uncached, 12)
    }
}
