import NFRuntime
import XCTest

/// `MemoryPool`: exact accounting of buffers lent and returned, exhaustion, reuse of released
/// slots, headroom of fresh buffers, and `make(frame:)` copies that fit or fail cleanly.
final class MemoryPoolTests: XCTestCase {
    func testCountsBuffersLentAndReturned() {
        let pool = makeCheckedPool(count: 4)
        XCTAssertEqual(pool.inUse, 0)
        let a = pool.allocate()!, b = pool.allocate()!
        XCTAssertEqual(pool.inUse, 2)
        a.release()
        XCTAssertEqual(pool.inUse, 1)
        b.release()
        XCTAssertEqual(pool.inUse, 0)
    }

    func testEmptyPoolReturnsNilAndRecoversAfterARelease() {
        let pool = makeCheckedPool(count: 3)
        let buffers = (0..<3).map { _ in pool.allocate()! }
        XCTAssertNil(pool.allocate(), "a fourth buffer from a pool of three")
        XCTAssertNil(pool.make(frame: [1, 2, 3]))
        XCTAssertEqual(pool.inUse, 3, "failed allocations take nothing")
        buffers[1].release()
        let again = pool.allocate()
        XCTAssertEqual(again?.storage, buffers[1].storage, "the released slot is lent again")
        again?.release()
        buffers[0].release()
        buffers[2].release()
    }

    func testBuffersAreDistinctSlotsWithHeadroomAndNoData() {
        let pool = makeCheckedPool(count: 8)
        let buffers = (0..<8).map { _ in pool.allocate()! }
        defer { buffers.forEach { $0.release() } }
        XCTAssertEqual(Set(buffers.map { UInt(bitPattern: $0.storage) }).count, 8)
        for b in buffers {
            XCTAssertEqual(b.length, 0)
            XCTAssertEqual(b.headroom, MemoryPool.headroom)
            XCTAssertEqual(b.tailroom, 2048, "default buffer size is 2048 bytes plus headroom")
        }
    }

    func testMakeCopiesTheFrame() {
        let pool = makeCheckedPool(count: 2)
        let frame: [UInt8] = Array(0..<200).map { UInt8($0) }
        let buffer = pool.make(frame: frame)!
        XCTAssertEqual(Array(buffer.bytes), frame)
        XCTAssertEqual(Int(buffer.length), 200)
        buffer.release()
    }

    func testMakeRefusesAFrameLongerThanABufferWithoutLeaking() {
        let pool = makeCheckedPool(count: 2)
        XCTAssertNil(pool.make(frame: [UInt8](repeating: 7, count: 2049)))
        XCTAssertEqual(pool.inUse, 0, "the buffer taken for the copy went back")
        let fits = pool.make(frame: [UInt8](repeating: 7, count: 2048))
        XCTAssertEqual(fits?.length, 2048)
        fits?.release()
    }

    func testSmallBuffersLimitFrameSize() {
        let small = makeCheckedPool(count: 1, bufferSize: MemoryPool.headroom + 64)
        XCTAssertNil(small.make(frame: [UInt8](repeating: 0, count: 65)))
        let b = small.make(frame: [UInt8](repeating: 0, count: 64))
        XCTAssertEqual(b?.tailroom, 0)
        b?.release()
    }
}
