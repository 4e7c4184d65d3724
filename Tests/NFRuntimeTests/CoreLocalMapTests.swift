import NFRuntime
import XCTest

/// `CoreLocalMap`: one independent partition per core; paired with `shuffle`, each connection's
/// state lives in exactly one partition (the core its packets reach).
final class CoreLocalMapTests: XCTestCase {
    func testPartitionsAreIndependent() {
        let map = CoreLocalMap<String, Int>(cores: 3, capacity: 16)
        XCTAssertEqual(map.partitions.count, 3)
        map.partition(0)["a"] = 1
        map.partition(2)["a"] = 3
        XCTAssertEqual(map.partition(0)["a"], 1)
        XCTAssertNil(map.partition(1)["a"])
        XCTAssertEqual(map.partition(2)["a"], 3)
        map.partition(0)["a"] = nil
        XCTAssertEqual(map.partition(0).count, 0)
        XCTAssertEqual(map.partition(2).count, 1)
    }

    func testWithShuffleEachConnectionIsCountedOnOneCore() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let exchange = ShuffleExchange(cores: 2)
        let counts = CoreLocalMap<FlowKey, Int>(cores: 2, capacity: 64)
        let inputs = (0..<2).map { MemoryPort(index: UInt16($0), pool: pool) }
        var cores = RunAll((0..<2).map { core in
            inputs[core].parse(Ethernet.self).shuffle(exchange, core: core).transform { p in
                counts.partition(core).entries[p.flowKey!.canonical.key, default: 0] += 1
            }.drop()
        })
        for c in 0..<20 {
            for k in 0..<4 {
                inputs[k % 2].write(frames.make([], Frames.template(sourcePort: UInt16(2000 + c), response: k >= 2)))
            }
        }
        while inputs.contains(where: { $0.pendingCount > 0 }) { _ = cores.runOnce() }
        while cores.runOnce() > 0 {}
        let partitions = (0..<2).map { counts.partition($0).entries }
        XCTAssertEqual(partitions[0].count + partitions[1].count, 20, "each connection in one partition only")
        XCTAssertTrue(partitions.allSatisfy { $0.values.allSatisfy { $0 == 4 } }, "all four packets of a connection met")
        for (core, entries) in partitions.enumerated() {
            XCTAssertTrue(entries.keys.allSatisfy { Int($0.symmetricHash % 2) == core })
        }
    }
}
