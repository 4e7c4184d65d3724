import Dispatch
import NFRuntime
import Synchronization
import XCTest

/// `BoundedInconsistencyMap`: a reader sees a writer's updates no later than `bound` updates
/// after they were made (or at once after `publish()`), sees whole snapshots, looks across
/// partitions — on one thread and with the writer and the reader on real threads.
final class BoundedInconsistencyMapTests: XCTestCase {
    /// What the writer and reader threads share besides the map.
    final class Progress: Sendable {
        /// Updates the writer has completed (`total + 1` once it published the last one).
        let written = Atomic<Int>(0)
        let violations = Atomic<Int>(0)
        let reads = Atomic<Int>(0)
    }

    func testUpdatesBecomeVisibleEveryBoundUpdates() {
        let map = BoundedInconsistencyMap<Int, String>(partitions: 1, bound: 4, capacity: 16)
        let writer = map.writer(0)
        let reader = map.makeReader()
        var visibleAfter: [Int: Int] = [:]
        for i in 0..<10 {
            writer.update(i, "v\(i)")
            XCTAssertEqual(writer[i], "v\(i)", "the writer's own view is current")
            for k in 0...i where visibleAfter[k] == nil && reader.get(k, partition: 0) != nil { visibleAfter[k] = i }
        }
        XCTAssertEqual(visibleAfter, [0: 3, 1: 3, 2: 3, 3: 3, 4: 7, 5: 7, 6: 7, 7: 7])
        XCTAssertNil(reader.get(9, partition: 0), "two updates pending")
        writer.publish()
        XCTAssertEqual(reader.get(9, partition: 0), "v9")
        XCTAssertEqual(writer.count, 10)
    }

    func testRemovalsArePublishedLikeWrites() {
        let map = BoundedInconsistencyMap<Int, Int>(partitions: 1, bound: 2, capacity: 4)
        let writer = map.writer(0)
        let reader = map.makeReader()
        writer.update(1, 10)
        writer.update(2, 20)
        XCTAssertEqual(reader.get(1, partition: 0), 10)
        writer.update(1, nil)
        XCTAssertEqual(reader.get(1, partition: 0), 10, "one update behind")
        writer.update(3, 30)
        XCTAssertNil(reader.get(1, partition: 0))
        XCTAssertEqual(reader.get(3, partition: 0), 30)
    }

    func testReaderLooksAcrossPartitions() {
        let map = BoundedInconsistencyMap<String, Int>(partitions: 3, bound: 1, capacity: 4)
        map.writer(2).update("x", 2)
        map.writer(1).update("y", 1)
        let reader = map.makeReader()
        XCTAssertEqual(reader.get("x"), 2)
        XCTAssertEqual(reader.get("y"), 1)
        XCTAssertNil(reader.get("x", partition: 1))
        XCTAssertNil(reader.get("z"))
    }

    func testReaderThreadSeesTheWriterThreadWithinTheBound() {
        let bound = 8, total = 20_000
        let map = BoundedInconsistencyMap<Int, Int>(partitions: 1, bound: bound, capacity: total)
        nonisolated(unsafe) let writer = map.writer(0)
        nonisolated(unsafe) let reader = map.makeReader()
        let shared = Progress()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            for i in 0..<total {
                writer.update(i, i)
                shared.written.store(i + 1, ordering: .releasing)
            }
            writer.publish()
            shared.written.store(total + 1, ordering: .releasing)
        }
        DispatchQueue.global().async(group: group) {
            while true {
                let done = shared.written.load(ordering: .acquiring)
                // Keys are written in order, so after `done` updates every key below the last
                // multiple of `bound` must be visible — and, snapshots being whole, each key seen
                // implies all before it.
                let mustSee = done > total ? total : done / bound * bound
                if mustSee > 0, reader.get(mustSee - 1, partition: 0) != mustSee - 1 { shared.violations.add(1, ordering: .relaxed) }
                if mustSee > 1, reader.get(mustSee / 2, partition: 0) != mustSee / 2 { shared.violations.add(1, ordering: .relaxed) }
                shared.reads.add(1, ordering: .relaxed)
                if done > total { return }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(shared.violations.load(ordering: .relaxed), 0)
        XCTAssertGreaterThan(shared.reads.load(ordering: .relaxed), 1)
        XCTAssertEqual(reader.get(total - 1, partition: 0), total - 1)
    }
}
