import NFRuntime
import XCTest

/// `PacketBuffer`: the frame window moves only within the buffer (extend, truncate, prepend,
/// trimFront refuse out-of-bounds requests and leave the window unchanged), reference counting
/// returns a buffer to its pool only after the last release, and `copy(of:)` duplicates a frame.
final class PacketBufferTests: XCTestCase {
    func testExtendStopsAtTheEndOfTheBuffer() {
        let pool = makeCheckedPool(count: 1, bufferSize: MemoryPool.headroom + 100)
        var b = pool.allocate()!
        XCTAssertTrue(b.extend(by: 60))
        XCTAssertEqual(b.length, 60)
        XCTAssertEqual(b.tailroom, 40)
        XCTAssertFalse(b.extend(by: 41), "past the buffer end")
        XCTAssertFalse(b.extend(by: -1), "negative counts are refused")
        XCTAssertEqual(b.length, 60, "a refused extend changes nothing")
        XCTAssertTrue(b.extend(by: 40))
        XCTAssertEqual(b.tailroom, 0)
        b.release()
    }

    func testTruncateStopsAtAnEmptyFrame() {
        let pool = makeCheckedPool(count: 1)
        var b = pool.make(frame: Array(1...10))!
        XCTAssertFalse(b.truncate(by: 11))
        XCTAssertFalse(b.truncate(by: -1))
        XCTAssertTrue(b.truncate(by: 4))
        XCTAssertEqual(Array(b.bytes), Array(1...6), "bytes are cut at the end")
        XCTAssertTrue(b.truncate(by: 6))
        XCTAssertEqual(b.length, 0)
        b.release()
    }

    func testPrependGrowsIntoTheHeadroomOnly() {
        let pool = makeCheckedPool(count: 1)
        var b = pool.make(frame: [0xAA, 0xBB])!
        let end = b.data + Int(b.length)
        XCTAssertFalse(b.prepend(MemoryPool.headroom + 1), "more than the headroom")
        XCTAssertFalse(b.prepend(-1))
        XCTAssertEqual(b.headroom, MemoryPool.headroom)
        XCTAssertTrue(b.prepend(4))
        b.data.storeBytes(of: 0x0102_0304 as UInt32, as: UInt32.self)
        XCTAssertEqual(b.length, 6)
        XCTAssertEqual(b.headroom, MemoryPool.headroom - 4)
        XCTAssertEqual(b.data + Int(b.length), end, "the frame's end does not move")
        XCTAssertEqual(Array(b.bytes.suffix(2)), [0xAA, 0xBB], "the old bytes stay where they were")
        XCTAssertTrue(b.prepend(MemoryPool.headroom - 4))
        XCTAssertEqual(b.headroom, 0)
        XCTAssertFalse(b.prepend(1))
        b.release()
    }

    func testTrimFrontRemovesLeadingBytesWithinTheFrame() {
        let pool = makeCheckedPool(count: 1)
        var b = pool.make(frame: Array(1...8))!
        XCTAssertFalse(b.trimFront(9))
        XCTAssertTrue(b.trimFront(3))
        XCTAssertEqual(Array(b.bytes), Array(4...8))
        XCTAssertEqual(b.headroom, MemoryPool.headroom + 3)
        XCTAssertTrue(b.prepend(3), "trimmed bytes are headroom again")
        XCTAssertEqual(Array(b.bytes), Array(1...8))
        b.release()
    }

    func testRetainedBufferReturnsAfterTheLastRelease() {
        let pool = makeCheckedPool(count: 2)
        let b = pool.make(frame: [1, 2, 3])!
        b.retain(2)
        b.retain(0)
        b.release()
        b.release()
        XCTAssertEqual(pool.inUse, 1, "one reference left")
        XCTAssertEqual(Array(b.bytes), [1, 2, 3], "still readable while referenced")
        b.release()
        XCTAssertEqual(pool.inUse, 0)
    }

    func testMemoryBuffersAreNotMbufs() {
        let pool = makeCheckedPool(count: 1)
        let b = pool.allocate()!
        XCTAssertNil(b.mbuf)
        b.release()
    }

    func testCopyDuplicatesTheFrameIntoANewBuffer() {
        let pool = makeCheckedPool(count: 2)
        var source = pool.make(frame: Array(0..<100).map { UInt8($0) })!
        XCTAssertTrue(source.trimFront(10))
        let copy = pool.copy(of: source)!
        XCTAssertNotEqual(copy.storage, source.storage)
        XCTAssertEqual(Array(copy.bytes), Array(10..<100).map { UInt8($0) })
        XCTAssertEqual(copy.headroom, MemoryPool.headroom, "a copy starts at the standard headroom")
        XCTAssertNil(pool.copy(of: source), "pool exhausted")
        XCTAssertEqual(pool.inUse, 2)
        copy.release()
        source.release()
    }

    func testCopyThatDoesNotFitFailsWithoutLeaking() {
        let small = makeCheckedPool(count: 1, bufferSize: MemoryPool.headroom + 16)
        let big = makeCheckedPool(count: 1)
        let source = big.make(frame: [UInt8](repeating: 1, count: 17))!
        XCTAssertNil(small.copy(of: source))
        XCTAssertEqual(small.inUse, 0)
        source.release()
    }
}
