import NFRuntime
import XCTest

/// `SlotQueue`: bounded FIFO that hands a packet back when full, wraps around its storage, moves
/// only what fits into a batch, and releases what is still queued at deinit.
final class SlotQueueTests: XCTestCase {
    func slot(_ tag: UInt64, pool: MemoryPool) -> PacketSlot {
        var metadata = PacketMetadata()
        metadata.userTag = tag
        return PacketSlot(buffer: pool.make(frame: [UInt8(tag)])!, metadata: metadata)
    }

    func testFIFOOrderAcrossWrapAround() {
        let pool = makeCheckedPool(count: 8)
        let q = SlotQueue(capacity: 3)
        var popped: [UInt64] = []
        for tag in 0..<10 as Range<UInt64> {
            XCTAssertNil(q.push(slot(tag, pool: pool)))
            if q.count == 3 || tag == 9 {
                while let s = q.pop() {
                    popped.append(s.metadata.userTag)
                    s.buffer.release()
                }
            }
        }
        XCTAssertEqual(popped, Array(0..<10))
        XCTAssertTrue(q.isEmpty)
    }

    func testPushWhenFullGivesThePacketBack() {
        let pool = makeCheckedPool(count: 8)
        let q = SlotQueue(capacity: 2)
        XCTAssertNil(q.push(slot(0, pool: pool)))
        XCTAssertNil(q.push(slot(1, pool: pool)))
        let rejected = q.push(slot(2, pool: pool))
        XCTAssertEqual(rejected?.metadata.userTag, 2)
        XCTAssertEqual(q.count, 2)
        rejected?.buffer.release()
    }

    func testDrainMovesOnlyWhatFitsOldestFirst() {
        let pool = makeCheckedPool(count: 8)
        let q = SlotQueue(capacity: 8)
        for tag in 0..<5 as Range<UInt64> { XCTAssertNil(q.push(slot(tag, pool: pool))) }
        let batch = PacketBatch(capacity: 3)
        q.drain(into: batch)
        XCTAssertEqual((0..<3).map { batch.slot($0).pointee.metadata.userTag }, [0, 1, 2])
        XCTAssertEqual(q.count, 2)
        batch.dropAll()
        q.drain(into: batch)
        XCTAssertEqual((0..<batch.count).map { batch.slot($0).pointee.metadata.userTag }, [3, 4])
        batch.dropAll()
    }

    func testDeinitReleasesQueuedPackets() {
        let pool = makeCheckedPool(count: 8)
        do {
            let q = SlotQueue(capacity: 4)
            for tag in 0..<4 as Range<UInt64> { XCTAssertNil(q.push(slot(tag, pool: pool))) }
            XCTAssertEqual(pool.inUse, 4)
        }
        XCTAssertEqual(pool.inUse, 0)
    }
}
