import NFRuntime
import XCTest

/// `PacketBatch`: capacity, and the only ways packets leave a batch — `removeAll` (releases and
/// counts), `take`, `drain`, `dropAll`, `forgetFirst`, deinit — each keeping order and the pool's
/// accounting exact.
final class PacketBatchTests: XCTestCase {
    /// A batch holding one-byte frames 0..<n, tagged with their number in `userTag`.
    func batch(_ n: Int, capacity: Int = PacketBatch.defaultCapacity, pool: MemoryPool) -> PacketBatch {
        let batch = PacketBatch(capacity: capacity)
        for i in 0..<n {
            var metadata = PacketMetadata(inputPort: 3)
            metadata.userTag = UInt64(i)
            XCTAssertTrue(batch.append(pool.make(frame: [UInt8(i)])!, metadata: metadata))
        }
        return batch
    }

    func tags(_ batch: PacketBatch) -> [UInt64] { (0..<batch.count).map { batch.slot($0).pointee.metadata.userTag } }

    func testAppendRefusesWhenFull() {
        let pool = makeCheckedPool(count: 8)
        let b = batch(4, capacity: 4, pool: pool)
        XCTAssertTrue(b.isFull)
        XCTAssertEqual(b.freeCapacity, 0)
        let extra = pool.make(frame: [9])!
        XCTAssertFalse(b.append(extra, metadata: PacketMetadata()))
        XCTAssertEqual(b.count, 4)
        extra.release()
    }

    func testAppendedSlotStartsWithItsFrameAsDepthZero() {
        let pool = makeCheckedPool(count: 1)
        let b = batch(1, pool: pool)
        let slot = b.slot(0).pointee
        XCTAssertEqual(slot.headerOffset(0), MemoryPool.headroom)
        XCTAssertEqual(slot.metadata.inputPort, 3)
        XCTAssertEqual(slot.metadata.outputPort, PacketMetadata.noPort)
    }

    func testRemoveAllKeepsOrderReleasesAndCountsTheRest() {
        let pool = makeCheckedPool(count: 32)
        let b = batch(10, pool: pool)
        let dropped = b.removeAll { $0.pointee.metadata.userTag % 3 == 0 }
        XCTAssertEqual(dropped, 6)
        XCTAssertEqual(tags(b), [0, 3, 6, 9])
        XCTAssertEqual((0..<b.count).map { b.slot($0).pointee.buffer.bytes[0] }, [0, 3, 6, 9], "frames moved with their slots")
        XCTAssertEqual(pool.inUse, 4, "dropped frames went back to the pool")
    }

    func testTakeHandsOverPacketsInOrderAndKeepsTheOthers() {
        let pool = makeCheckedPool(count: 32)
        let b = batch(7, pool: pool)
        var taken: [UInt64] = []
        b.take(where: { $0.pointee.metadata.userTag.isMultiple(of: 2) }, to: { slot in
            taken.append(slot.metadata.userTag)
            slot.buffer.release()
        })
        XCTAssertEqual(taken, [0, 2, 4, 6])
        XCTAssertEqual(tags(b), [1, 3, 5])
        XCTAssertEqual(pool.inUse, 3)
    }

    func testDrainEmptiesTheBatchInOrder() {
        let pool = makeCheckedPool(count: 32)
        let b = batch(5, pool: pool)
        var drained: [UInt64] = []
        b.drain { slot in
            drained.append(slot.metadata.userTag)
            slot.buffer.release()
        }
        XCTAssertEqual(drained, [0, 1, 2, 3, 4])
        XCTAssertTrue(b.isEmpty)
    }

    func testDropAllReleasesEverything() {
        let pool = makeCheckedPool(count: 32)
        let b = batch(32, pool: pool)
        XCTAssertEqual(pool.inUse, 32)
        b.dropAll()
        XCTAssertTrue(b.isEmpty)
        XCTAssertEqual(pool.inUse, 0)
    }

    func testForgetFirstShiftsWithoutReleasing() {
        let pool = makeCheckedPool(count: 32)
        let b = batch(5, pool: pool)
        let handedOff = (0..<2).map { b.slot($0).pointee.buffer }
        b.forgetFirst(2)
        XCTAssertEqual(tags(b), [2, 3, 4])
        XCTAssertEqual(pool.inUse, 5, "forgotten frames belong to whoever took them")
        handedOff.forEach { $0.release() }
    }

    func testDeinitReleasesWhatIsLeft() {
        let pool = makeCheckedPool(count: 32)
        do {
            _ = batch(9, pool: pool)
        }
        XCTAssertEqual(pool.inUse, 0)
    }
}
