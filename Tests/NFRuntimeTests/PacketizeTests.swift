import NFRuntime
import XCTest

/// `Packetize` as a graph source: queued messages come out as segments in order with sequence
/// numbers continuing across messages and batches, empty messages as one bare segment,
/// `maxQueuedBytes` refuses what does not fit, and an exhausted pool is counted and retried
/// without losing or repeating bytes.
final class PacketizeTests: XCTestCase {
    func sequence(_ frame: [UInt8]) -> UInt32 { frame[38..<42].reduce(0) { $0 << 8 | UInt32($1) } }

    func testMessagesBecomeSegmentsAcrossBatches() {
        let pool = makeCheckedPool()
        let output = MemoryPort(pool: pool)
        let source = Packetize(allocator: pool)
        var nf = source.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).send(to: output)
        let template = Frames.template(sequence: 1000, flags: [.ack, .psh])
        let first = [UInt8](repeating: 1, count: 2500), second = [UInt8](repeating: 2, count: 100)
        XCTAssertTrue(source.enqueue(first, template: template, mss: 1000))
        XCTAssertTrue(source.enqueue(second, template: Frames.template(sequence: 3500), mss: 1000))
        XCTAssertTrue(source.enqueue([], template: Frames.template(sequence: 3600, flags: [.fin, .ack])))
        XCTAssertEqual(source.queuedBytes, 2600)
        XCTAssertEqual(nf.runOnce(), 5)
        let out = output.read()
        XCTAssertEqual(out.map(sequence), [1000, 2000, 3000, 3500, 3600])
        XCTAssertEqual(out.map { $0.count - 54 }, [1000, 1000, 500, 100, 0])
        XCTAssertEqual(out.last?[47], TCP.Flags([.fin, .ack]).rawValue)
        XCTAssertTrue(out.allSatisfy { ReferenceChecksum.transportVerifies($0, ip: 14) })
        XCTAssertEqual(source.queuedBytes, 0)
        XCTAssertNil(source.pendingTemplate)
        XCTAssertEqual(nf.runOnce(), 0)
    }

    func testALongMessageResumesInTheNextBatch() {
        let pool = makeCheckedPool()
        let output = MemoryPort(pool: pool)
        let source = Packetize(allocator: pool)
        var nf = source.send(to: output)
        let bytes = (0..<40 * 10).map { UInt8(truncatingIfNeeded: $0) }
        XCTAssertTrue(source.enqueue(bytes, template: Frames.template(sequence: 0), mss: 10))
        XCTAssertEqual(nf.runOnce(), 32)
        XCTAssertEqual(source.queuedBytes, 80)
        XCTAssertEqual(source.pendingTemplate?.transport, .tcp(sequence: 320, acknowledgment: 0, flags: [.ack], window: 65535))
        XCTAssertEqual(nf.runOnce(), 8)
        let out = output.read()
        XCTAssertEqual(out.map(sequence), (0..<40).map { UInt32($0 * 10) })
        XCTAssertEqual(out.flatMap { $0[54...] }, bytes)
    }

    func testRefusesPastMaxQueuedBytes() {
        let pool = makeCheckedPool()
        let source = Packetize(allocator: pool, maxQueuedBytes: 100)
        XCTAssertTrue(source.enqueue([UInt8](repeating: 0, count: 60), template: Frames.template()))
        XCTAssertFalse(source.enqueue([UInt8](repeating: 0, count: 41), template: Frames.template()))
        XCTAssertTrue(source.enqueue([UInt8](repeating: 0, count: 40), template: Frames.template()))
        XCTAssertEqual(source.queuedBytes, 100)
        let batch = PacketBatch()
        source.nextBatch(into: batch)
        XCTAssertEqual(batch.count, 2)
        batch.dropAll()
    }

    func testExhaustedPoolIsCountedAndRetriedWithoutLosingBytes() {
        let pool = makeCheckedPool(count: 3)
        let output = MemoryPort(pool: pool)
        let source = Packetize(allocator: pool)
        var nf = source.send(to: output)
        let bytes = (0..<50).map { UInt8($0) }
        XCTAssertTrue(source.enqueue(bytes, template: Frames.template(sequence: 7), mss: 10))
        XCTAssertEqual(nf.runOnce(), 3, "three buffers, three segments")
        XCTAssertEqual(source.allocationFailures, 1)
        XCTAssertEqual(nf.runOnce(), 0, "the output port still holds every buffer")
        XCTAssertEqual(source.allocationFailures, 2)
        var out = output.read()
        XCTAssertEqual(nf.runOnce(), 2)
        out += output.read()
        XCTAssertEqual(out.map(sequence), [7, 17, 27, 37, 47])
        XCTAssertEqual(out.flatMap { $0[54...] }, bytes)
        XCTAssertEqual(source.queuedBytes, 0)
    }
}
