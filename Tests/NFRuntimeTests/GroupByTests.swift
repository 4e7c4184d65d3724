import NFRuntime
import XCTest

/// `groupBy`: each branch gets exactly the packets the UDF put in its group, in arrival order;
/// out-of-range groups are dropped and counted in `unrouted`; a branch that is not run fills its
/// queue (`queueCapacity`) and the excess is dropped and counted in `overflowed`.
final class GroupByTests: XCTestCase {
    func testBranchesReceiveTheirGroupsInOrder() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool)
        let outputs = (0..<3).map { MemoryPort(index: UInt16($0), pool: pool) }
        let node = input.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self)
            .groupBy(3) { Int($0.header.destinationPort) % 5 }
        var sinks = RunAll(zip(node.branches, outputs).map { $0.send(to: $1) })
        let sent = (0..<100).map { frames.udp(destinationPort: UInt16($0)) }
        sent.forEach { input.write($0) }
        sinks.drain(input)
        for (group, output) in outputs.enumerated() {
            XCTAssertEqual(output.read(), sent.enumerated().filter { $0.offset % 5 == group }.map(\.element), "group \(group)")
        }
        XCTAssertEqual(node.unrouted, 40, "groups 3 and 4 do not exist")
        XCTAssertEqual(node.overflowed, 0)
    }

    func testNegativeGroupIsDropped() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool)
        let node = input.parse(Ethernet.self).groupBy(1) { _ in -1 }
        var sink = node.branches[0].send(to: input)
        input.write(frames.udp())
        XCTAssertEqual(sink.runOnce(), 0)
        XCTAssertEqual(node.unrouted, 1)
        XCTAssertTrue(input.read().isEmpty)
    }

    func testABranchThatIsNotRunOverflowsItsQueue() {
        let pool = makeCheckedPool(count: 512)
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool)
        let output = MemoryPort(pool: pool)
        let node = input.parse(Ethernet.self).groupBy(2) { _ in 1 }
        var idle = node.branches[0].send(to: output)
        for _ in 0..<4 * PacketBatch.defaultCapacity { input.write(frames.udp()) }
        for _ in 0..<4 { XCTAssertEqual(idle.runOnce(), 0, "group 0 gets nothing") }
        XCTAssertEqual(input.pendingCount, 0, "each empty pull of branch 0 took one batch from the parent")
        XCTAssertEqual(node.overflowed, UInt64(2 * PacketBatch.defaultCapacity), "branch 1's queue holds two batches")
        XCTAssertEqual(pool.inUse, 2 * PacketBatch.defaultCapacity, "the overflow was released")
        var busy = node.branches[1].send(to: output)
        XCTAssertEqual(busy.runOnce(), 32)
        XCTAssertEqual(busy.runOnce(), 32)
        XCTAssertEqual(busy.runOnce(), 0)
        XCTAssertEqual(output.read().count, 64)
    }
}
