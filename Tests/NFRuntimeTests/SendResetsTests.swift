import NFRuntime
import XCTest

/// `SendResets`: each request becomes two RSTs with valid checksums, each carrying the sequence
/// number its destination expects and leaving by its endpoint's port; a full queue refuses.
final class SendResetsTests: XCTestCase {
    func testARequestBecomesTwoResetsAddressedToEachEndpoint() throws {
        let pool = makeCheckedPool()
        let queue = ResetQueue(capacity: 2)
        let template = Frames.template(sequence: 0)
        XCTAssertTrue(queue.push(ResetRequest(template: template, senderNext: 1000, receiverNext: 5000, senderPort: 3, receiverPort: 7)))
        let source = SendResets(queue: queue, allocator: pool)
        let batch = PacketBatch()
        source.nextBatch(into: batch)
        XCTAssertEqual(batch.count, 2)
        var seen: [(UInt16, UInt32, UInt32, UInt16)] = []
        for i in 0..<batch.count {
            let slot = batch.slot(i)
            let frame = slot.pointee.buffer.data
            let ip = IPv4(at: frame + 14), tcp = TCP(at: frame + 34)
            XCTAssertTrue(ip.checksumIsValid)
            XCTAssertTrue(tcp.checksumIsValid(network: ip, payloadLength: 0))
            XCTAssertEqual(tcp.flags, [.rst, .ack])
            seen.append((tcp.destinationPort, tcp.sequenceNumber, tcp.acknowledgmentNumber, slot.pointee.metadata.outputPort))
        }
        XCTAssertEqual(seen.map(\.0), [80, 40000], "to the receiver (server), then to the sender (client)")
        XCTAssertEqual(seen.map(\.1), [1000, 5000], "each with the sequence number its destination expects")
        XCTAssertEqual(seen.map(\.2), [5000, 1000])
        XCTAssertEqual(seen.map(\.3), [7, 3], "out of each endpoint's port")
        XCTAssertEqual(source.sent, 2)
        batch.dropAll()
    }

    func testAFullQueueRefusesAndCounts() {
        let queue = ResetQueue(capacity: 1)
        let r = ResetRequest(template: Frames.template(), senderNext: 1, receiverNext: 2, senderPort: 0, receiverPort: 1)
        XCTAssertTrue(queue.push(r))
        XCTAssertFalse(queue.push(r))
        XCTAssertEqual(queue.refused, 1)
        XCTAssertEqual(queue.pop(), r)
        XCTAssertNil(queue.pop())
    }
}
