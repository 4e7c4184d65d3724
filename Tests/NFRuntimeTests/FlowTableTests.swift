import NFRuntime
import XCTest

/// `FlowTable`: agrees with a dictionary under random inserts and removals (backward-shift
/// deletion keeps every key findable), evicts the oldest of its scan when full, and sweeps.
final class FlowTableTests: XCTestCase {
    func key(_ i: Int) -> FlowKey {
        FlowKey(source: IPv4Address(10, 0, UInt8(i >> 8 & 255), UInt8(i & 255)), destination: IPv4Address(10, 1, 0, 1),
                sourcePort: UInt16(1000 + i % 50_000), destinationPort: 80, protocolNumber: IPv4.tcp)
    }

    func testRandomInsertsAndRemovalsAgreeWithADictionary() {
        let table = FlowTable<Int>(capacity: 300)
        var model: [FlowKey: Int] = [:]
        var random = SplitMix(state: 42)
        for step in 0..<20_000 {
            let k = key(Int(random.next() % 400))
            if let i = table.find(k) {
                XCTAssertEqual(table.value(at: i).pointee, model[k])
                if random.next() % 2 == 0 {
                    table.remove(at: i)
                    model[k] = nil
                }
            } else {
                XCTAssertNil(model[k], "step \(step): a present key is always found")
                if model.count < 300 {
                    _ = table.insert(k, step, scan: 4, isOlder: { $0 < $1 }, evicted: { _, _ in XCTFail("not full") })
                    model[k] = step
                }
            }
            XCTAssertEqual(table.count, model.count)
        }
        for (k, v) in model { XCTAssertEqual(table.find(k).map { table.value(at: $0).pointee }, v) }
    }

    func testAFullTableEvictsTheOldestOfItsScan() {
        let table = FlowTable<Int>(capacity: 4)
        for i in 0..<4 { _ = table.insert(key(i), 10 + i, scan: 8, isOlder: { $0 < $1 }, evicted: { _, _ in }) }
        var evicted: [Int] = []
        _ = table.insert(key(9), 99, scan: 8, isOlder: { $0 < $1 }, evicted: { _, v in evicted.append(v) })
        XCTAssertEqual(evicted, [10], "every entry was in the scan: the oldest went")
        XCTAssertEqual(table.count, 4)
        XCTAssertNil(table.find(key(0)))
        XCTAssertNotNil(table.find(key(9)))
    }

    func testSweepVisitsEveryEntryAcrossCallsAndRemovesWhatItIsTold() {
        let table = FlowTable<Int>(capacity: 64)
        for i in 0..<64 { _ = table.insert(key(i), i, scan: 1, isOlder: { $0 < $1 }, evicted: { _, _ in }) }
        var cursor = 0, visited = 0
        for _ in 0..<(table.slotCount / 16) {
            cursor = table.sweep(from: cursor, slots: 16) { _, v in
                visited += 1
                return v % 2 == 0
            }
        }
        XCTAssertGreaterThanOrEqual(visited, 64)
        XCTAssertEqual(table.count, 32, "odd values removed")
        for i in 0..<64 { XCTAssertEqual(table.find(key(i)) != nil, i % 2 == 0) }
    }
}
