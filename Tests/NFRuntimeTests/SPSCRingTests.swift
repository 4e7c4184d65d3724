import Dispatch
import NFRuntime
import XCTest

/// `SPSCRing`: power-of-two capacity, FIFO order, a full ring hands the packet back, and one
/// producer thread and one consumer thread pass many packets through a small ring with none lost,
/// duplicated or reordered.
final class SPSCRingTests: XCTestCase {
    func testFIFOAndFullRing() {
        let pool = makeCheckedPool(count: 8)
        let ring = SPSCRing(capacity: 4)
        let buffer = pool.make(frame: [1])!
        func slot(_ tag: UInt64) -> PacketSlot {
            var m = PacketMetadata()
            m.userTag = tag
            return PacketSlot(buffer: buffer, metadata: m)
        }
        for tag in 0..<4 as Range<UInt64> { XCTAssertNil(ring.enqueue(slot(tag))) }
        XCTAssertEqual(ring.enqueue(slot(4))?.metadata.userTag, 4, "a full ring gives the packet back")
        XCTAssertEqual(ring.dequeue()?.metadata.userTag, 0)
        XCTAssertNil(ring.enqueue(slot(5)), "room again after one dequeue")
        var rest: [UInt64] = []
        while let s = ring.dequeue() { rest.append(s.metadata.userTag) }
        XCTAssertEqual(rest, [1, 2, 3, 5])
        XCTAssertNil(ring.dequeue())
        buffer.release()
    }

    func testDeinitReleasesPacketsInFlight() {
        let pool = makeCheckedPool(count: 8)
        do {
            let ring = SPSCRing(capacity: 8)
            for _ in 0..<5 { XCTAssertNil(ring.enqueue(PacketSlot(buffer: pool.make(frame: [0])!, metadata: PacketMetadata()))) }
            XCTAssertEqual(pool.inUse, 5)
        }
        XCTAssertEqual(pool.inUse, 0)
    }

    func testProducerAndConsumerThreadsPassEveryPacketInOrder() {
        let pool = makeCheckedPool(count: 1)
        let ring = SPSCRing(capacity: 8)
        let total: UInt64 = 200_000
        // The ring never touches reference counts, so every slot can carry the same buffer.
        nonisolated(unsafe) let buffer = pool.make(frame: [0])!
        nonisolated(unsafe) var received: [UInt64] = []
        received.reserveCapacity(Int(total))
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            for tag in 0..<total {
                var m = PacketMetadata()
                m.userTag = tag
                var slot = PacketSlot(buffer: buffer, metadata: m)
                while let back = ring.enqueue(slot) { slot = back }
            }
        }
        DispatchQueue.global().async(group: group) {
            while UInt64(received.count) < total {
                if let s = ring.dequeue() { received.append(s.metadata.userTag) }
            }
        }
        XCTAssertEqual(group.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(received.count, Int(total))
        XCTAssertEqual(received, Array(0..<total), "FIFO, nothing lost or duplicated")
        XCTAssertNil(ring.dequeue())
        buffer.release()
    }
}
