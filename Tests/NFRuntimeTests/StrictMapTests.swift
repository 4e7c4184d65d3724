import Dispatch
import NFRuntime
import XCTest

/// `StrictMap`: reads see every completed write, and concurrent writers on real threads never
/// lose an update, through the subscript (distinct keys) or `withLock` (read-modify-write).
final class StrictMapTests: XCTestCase {
    func testReadsSeeWrites() {
        let map = StrictMap<String, Int>(capacity: 4)
        map["a"] = 1
        XCTAssertEqual(map["a"], 1)
        map["a"] = nil
        XCTAssertNil(map["a"])
        XCTAssertEqual(map.withLock { entries -> Int in
            entries["b"] = 2
            return entries.count
        }, 1)
        XCTAssertEqual(map.count, 1)
    }

    func testConcurrentWritersLoseNothing() {
        let map = StrictMap<Int, Int>(capacity: 1024)
        let threads = 4, perThread = 20_000
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            for i in 0..<perThread {
                map.withLock { $0[0, default: 0] += 1 }
                if i % 100 == 0 { map[1 + t * perThread + i] = t }
            }
        }
        XCTAssertEqual(map[0], threads * perThread, "every increment under the lock counted")
        XCTAssertEqual(map.count, 1 + threads * perThread / 100)
        for t in 0..<threads { XCTAssertEqual(map[1 + t * perThread + 100], t) }
    }
}
