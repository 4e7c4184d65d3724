import NFRuntime
import XCTest

/// `filter`: keeps exactly the packets the UDF accepts, in order, releases the others at once and
/// counts them in `dropped`, across batches.
final class FilterTests: XCTestCase {
    func testKeepsAcceptedPacketsInOrderAndCountsTheRest() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool)
        let output = MemoryPort(pool: pool)
        var inUseAfterFilter: [Int] = []
        var nf = input.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self)
            .filter { $0.header.destinationPort % 3 == 0 }
            .transform { _ in inUseAfterFilter.append(pool.inUse) }
            .send(to: output)
        let sent = (0..<70).map { frames.udp(destinationPort: UInt16($0)) }
        sent.forEach { input.write($0) }
        nf.drain(input)
        XCTAssertEqual(output.read(), sent.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        XCTAssertEqual(nf.parent.parent.dropped, 46)
        XCTAssertEqual(Array(inUseAfterFilter.prefix(11)), Array(repeating: 70 - 21, count: 11),
                       "the 21 rejected packets of the first batch are released before the next operator runs")
    }

    func testRejectingEverythingLeavesAnEmptyBatch() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).filter { _ in false }.send(to: port)
        for _ in 0..<5 { port.write(frames.udp()) }
        XCTAssertEqual(nf.runOnce(), 0, "nothing left to send")
        XCTAssertTrue(port.read().isEmpty)
        XCTAssertEqual(nf.parent.dropped, 5)
    }
}
