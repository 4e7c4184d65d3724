import NFRuntime
import XCTest

/// `Merge`: pulls its branches round-robin, one batch per pull, so a busy branch never starves
/// another; when a branch is empty the next one serves the pull; group-by branches rejoin.
final class MergeTests: XCTestCase {
    /// Frames from port `p` carry `p` in their first payload byte and their number in the second.
    func source(_ frames: Frames, port p: UInt8, count: Int) -> [[UInt8]] {
        (0..<count).map { frames.udp([p, UInt8(truncatingIfNeeded: $0)]) }
    }

    func origins(_ received: [[UInt8]]) -> [UInt8] { received.map { $0[Frames.udpPayload] } }

    func testAlternatesBatchesBetweenBranches() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let a = MemoryPort(index: 0, pool: pool), b = MemoryPort(index: 1, pool: pool)
        let output = MemoryPort(pool: pool)
        var nf = Merge([a.received(), b.received()]).send(to: output)
        source(frames, port: 0, count: 40).forEach { a.write($0) }
        source(frames, port: 1, count: 40).forEach { b.write($0) }
        var perPull: [[UInt8]] = []
        while nf.runOnce() > 0 { perPull.append(origins(output.read())) }
        XCTAssertEqual(perPull, [[UInt8](repeating: 0, count: 32), [UInt8](repeating: 1, count: 32),
                                 [UInt8](repeating: 0, count: 8), [UInt8](repeating: 1, count: 8)])
    }

    func testABusyBranchDoesNotStarveAQuietOne() {
        let pool = makeCheckedPool(count: 1024)
        let frames = Frames(pool: pool)
        let busy = MemoryPort(index: 0, pool: pool), quiet = MemoryPort(index: 1, pool: pool)
        let output = MemoryPort(pool: pool)
        var nf = Merge([busy.received(), quiet.received()]).send(to: output)
        source(frames, port: 0, count: 500).forEach { busy.write($0) }
        var quietDelivered: [Int] = []
        for pull in 0..<10 {
            if pull % 2 == 0 { quiet.write(frames.udp([1, UInt8(pull)])) }
            _ = nf.runOnce()
            let out = output.read()
            if out.contains(where: { $0[Frames.udpPayload] == 1 }) { quietDelivered.append(pull) }
        }
        XCTAssertEqual(quietDelivered, [1, 3, 5, 7, 9], "every packet of the quiet port leaves on the pull after it arrives")
        XCTAssertEqual(busy.pendingCount, 500 - 5 * 32)
    }

    func testAnEmptyBranchPassesThePullOn() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let a = MemoryPort(index: 0, pool: pool), b = MemoryPort(index: 1, pool: pool), c = MemoryPort(index: 2, pool: pool)
        let output = MemoryPort(pool: pool)
        var nf = Merge([a.received(), b.received(), c.received()]).send(to: output)
        source(frames, port: 2, count: 3).forEach { c.write($0) }
        XCTAssertEqual(nf.runOnce(), 3, "a and b are empty: c serves the first pull")
        XCTAssertEqual(origins(output.read()), [2, 2, 2])
        XCTAssertEqual(nf.runOnce(), 0)
    }

    func testGroupByBranchesRejoin() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool)
        let output = MemoryPort(pool: pool)
        let node = input.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self).groupBy(2) { Int($0.header.destinationPort) % 2 }
        var nf = Merge(node.branches).transform { $0.header.destinationPort += 1000 }.send(to: output)
        (0..<50).forEach { input.write(frames.udp(destinationPort: UInt16($0))) }
        while nf.runOnce() > 0 {}
        let ports = output.read().map { UInt16($0[36]) << 8 | UInt16($0[37]) }
        XCTAssertEqual(ports.sorted(), (1000..<1050).map { UInt16($0) }, "every packet rejoins exactly once")
        XCTAssertEqual(Array(ports.prefix(16)), stride(from: 1000, to: 1032, by: 2).map { UInt16($0) }, "even ports of the first batch")
        XCTAssertEqual(Array(ports[16..<32]), stride(from: 1001, to: 1032, by: 2).map { UInt16($0) }, "then the odd ones")
    }
}
