import NFRuntime
import XCTest

/// `MemoryPort`: frames written are received in order with the port's index as input port,
/// a batch at a time; counters count packets and bytes both ways; `read` hands out transmitted
/// frames once; writes fail when the pool is empty; a port releases what it still holds.
final class MemoryPortTests: XCTestCase {
    func testReceivesWrittenFramesInOrderUpToTheBatchCapacity() {
        let pool = makeCheckedPool()
        let port = MemoryPort(index: 7, pool: pool)
        let frames = (0..<40).map { i in (0..<20).map { UInt8(i + $0) } }
        frames.forEach { XCTAssertTrue(port.write($0)) }
        XCTAssertEqual(port.pendingCount, 40)
        let batch = PacketBatch()
        XCTAssertEqual(port.receive(into: batch), 32)
        XCTAssertEqual(port.pendingCount, 8)
        XCTAssertEqual((0..<32).map { Array(batch.slot($0).pointee.buffer.bytes) }, Array(frames.prefix(32)))
        XCTAssertTrue((0..<32).allSatisfy { batch.slot($0).pointee.metadata.inputPort == 7 })
        XCTAssertEqual(port.receive(into: batch), 0, "a full batch takes nothing")
        batch.dropAll()
        XCTAssertEqual(port.receive(into: batch), 8)
        XCTAssertEqual(port.counters.rxPackets, 40)
        XCTAssertEqual(port.counters.rxBytes, 40 * 20)
        batch.dropAll()
    }

    func testTransmitKeepsFramesUntilReadOnce() {
        let pool = makeCheckedPool()
        let port = MemoryPort(pool: pool)
        let batch = PacketBatch()
        for i in 0..<3 { batch.append(pool.make(frame: [UInt8(i), 1, 2])!, metadata: PacketMetadata()) }
        XCTAssertEqual(port.transmit(batch), 3)
        XCTAssertTrue(batch.isEmpty, "transmit leaves the batch empty")
        XCTAssertEqual(pool.inUse, 3, "the port holds them")
        XCTAssertEqual(port.read(), [[0, 1, 2], [1, 1, 2], [2, 1, 2]])
        XCTAssertEqual(pool.inUse, 0)
        XCTAssertTrue(port.read().isEmpty)
        XCTAssertEqual(port.counters.txPackets, 3)
        XCTAssertEqual(port.counters.txBytes, 9)
    }

    func testWriteFailsWhenThePoolIsEmpty() {
        let pool = makeCheckedPool(count: 2)
        let port = MemoryPort(pool: pool)
        XCTAssertTrue(port.write([1]))
        XCTAssertTrue(port.write([2]))
        XCTAssertFalse(port.write([3]))
        XCTAssertEqual(port.pendingCount, 2)
    }

    func testDeinitReleasesPendingAndTransmittedFrames() {
        let pool = makeCheckedPool()
        do {
            let port = MemoryPort(pool: pool)
            port.write([1])
            port.write([2])
            let batch = PacketBatch()
            _ = port.receive(into: batch)
            _ = port.transmit(batch)
            port.write([3])
            XCTAssertEqual(pool.inUse, 3)
        }
        XCTAssertEqual(pool.inUse, 0)
    }
}
