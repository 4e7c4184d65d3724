import NFRuntime
import XCTest

/// `shuffle`: two cores' graphs over one `ShuffleExchange`, driven alternately on one thread.
/// Every packet of a flow ends on core `hash % cores`, both directions of a connection on the
/// same core (the default hash is `FlowKey.symmetricHash`), packets of a flow from one input keep
/// their order, none is lost or duplicated, and `flowHash` is set; a full ring drops and counts.
final class ShuffleTests: XCTestCase {
    /// Runs every core in turn until a round that starts with no input moves no packet: only
    /// input is shipped to rings, so then the rings are empty too.
    func runUntilIdle<Core: BatchRunnable>(_ cores: inout RunAll<Core>, inputs: [MemoryPort]) {
        while true {
            let pending = inputs.map(\.pendingCount).reduce(0, +)
            if cores.runOnce() == 0 && pending == 0 { return }
        }
    }

    func testFlowsAndConnectionsLandOnTheCoreTheirHashPicks() {
        let pool = makeCheckedPool(count: 1024)
        let frames = Frames(pool: pool)
        let exchange = ShuffleExchange(cores: 2)
        let inputs = (0..<2).map { MemoryPort(index: UInt16($0), pool: pool) }
        let outputs = (0..<2).map { MemoryPort(index: UInt16($0), pool: pool) }
        var hashes: [[UInt32]] = [[], []]
        var cores = RunAll((0..<2).map { n in
            inputs[n].parse(Ethernet.self).shuffle(exchange, core: n)
                .transform { hashes[n].append($0.metadata.flowHash) }.send(to: outputs[n])
        })

        // 48 connections (TCP and UDP, IPv4 and IPv6), 6 packets each, alternating direction;
        // the payload names (connection, input port, packet number on that port).
        var written: [[UInt8]] = []
        var perInput = [Int: Int]()
        for c in 0..<48 {
            for k in 0..<6 {
                let input = (c + k / 2) % 2
                let n = perInput[c * 2 + input, default: 0]
                perInput[c * 2 + input] = n + 1
                let template = Frames.template(tcp: c % 3 != 0, ipv6: c % 4 == 0,
                                               source: IPv4Address(10, 1, UInt8(c), 1), destination: IPv4Address(10, 2, 0, 1),
                                               sourcePort: UInt16(30000 + c), destinationPort: UInt16(80 + c % 5),
                                               response: k % 2 == 1)
                let frame = frames.make([UInt8(c), UInt8(input), UInt8(n)], template)
                written.append(frame)
                inputs[input].write(frame)
            }
        }
        runUntilIdle(&cores, inputs: inputs)

        var coreOfConnection: [FlowKey: Set<Int>] = [:]
        var lastNumber: [[UInt8]: UInt8] = [:]
        var received: [[UInt8]] = []
        for (core, output) in outputs.enumerated() {
            let out = output.read()
            XCTAssertFalse(out.isEmpty, "core \(core) got some connections")
            for (frame, hash) in zip(out, hashes[core]) {
                let key = frame.withUnsafeBytes { FlowKey(frame: $0) }!
                XCTAssertEqual(hash, key.symmetricHash, "flowHash is the hash that placed the packet")
                XCTAssertEqual(Int(key.symmetricHash % 2), core, "\(key) on core \(core)")
                coreOfConnection[key.canonical.key, default: []].insert(core)
                let payload = Array(frame.suffix(3))
                if let last = lastNumber[Array(payload.prefix(2))] {
                    XCTAssertGreaterThan(payload[2], last, "packets of connection \(payload[0]) from input \(payload[1]) in order")
                }
                lastNumber[Array(payload.prefix(2))] = payload[2]
            }
            XCTAssertEqual(out.count, hashes[core].count)
            received += out
        }
        XCTAssertEqual(coreOfConnection.count, 48)
        XCTAssertTrue(coreOfConnection.values.allSatisfy { $0.count == 1 }, "both directions of every connection on one core")
        XCTAssertEqual(received.count, written.count, "none lost")
        XCTAssertEqual(received.sorted { $0.lexicographicallyPrecedes($1) }, written.sorted { $0.lexicographicallyPrecedes($1) },
                       "each packet exactly once, unchanged")
        XCTAssertEqual(cores.items.map(\.parent.parent.overflowed), [0, 0])
    }

    func testCustomHashPicksTheCore() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let exchange = ShuffleExchange(cores: 3)
        let inputs = (0..<3).map { MemoryPort(index: UInt16($0), pool: pool) }
        let outputs = (0..<3).map { MemoryPort(index: UInt16($0), pool: pool) }
        var cores = RunAll((0..<3).map { n in
            inputs[n].parse(Ethernet.self).parse(IPv4.self).parse(UDP.self)
                .shuffle(exchange, core: n) { UInt32($0.header.destinationPort) }.send(to: outputs[n])
        })
        for port in 0..<30 { inputs[(port + 1) % 3].write(frames.udp(destinationPort: UInt16(port))) }
        runUntilIdle(&cores, inputs: inputs)
        for (n, output) in outputs.enumerated() {
            let ports = output.read().map { Int($0[36]) << 8 | Int($0[37]) }
            XCTAssertEqual(ports.sorted(), Array(stride(from: n, to: 30, by: 3)), "core \(n)")
        }
    }

    func testAFullRingDropsAndCounts() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let exchange = ShuffleExchange(cores: 2, ringCapacity: 128)
        let input = MemoryPort(pool: pool), idleInput = MemoryPort(pool: pool)
        let output = MemoryPort(pool: pool)
        var core0 = input.received().shuffle(exchange, core: 0) { _ in 1 }.send(to: output)
        var core1 = idleInput.received().shuffle(exchange, core: 1) { _ in 1 }.send(to: output)
        for _ in 0..<200 { input.write(frames.udp()) }
        XCTAssertEqual(core0.drain(input), 0, "nothing stays on core 0")
        let capacity = exchange.ringCapacity
        XCTAssertEqual(core0.parent.overflowed, UInt64(200 - capacity))
        XCTAssertEqual(pool.inUse, capacity, "the overflow was released; the ring holds the rest")
        XCTAssertEqual((0..<5).map { _ in core1.runOnce() }, [32, 32, 32, 32, 0], "core 1 takes the ring's packets a batch at a time")
        XCTAssertEqual(output.read().count, capacity)
    }
}
