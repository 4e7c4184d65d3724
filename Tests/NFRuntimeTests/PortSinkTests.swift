import NFRuntime
import XCTest

/// `PortSink` (`send(to:)`): every packet of each pulled batch goes out of the port in order;
/// `runOnce` reports the batch size; frames the port refuses are released and counted by the port.
final class PortSinkTests: XCTestCase {
    func testSendsEveryPacketInOrderOneBatchPerRun() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool), output = MemoryPort(pool: pool)
        var nf = input.received().send(to: output)
        let sent = (0..<70).map { frames.udp([UInt8($0)]) }
        sent.forEach { input.write($0) }
        XCTAssertEqual([nf.runOnce(), nf.runOnce(), nf.runOnce(), nf.runOnce()], [32, 32, 6, 0])
        XCTAssertEqual(output.read(), sent)
        XCTAssertEqual(output.counters.txPackets, 70)
        XCTAssertEqual(output.counters.txBytes, UInt64(sent.map(\.count).reduce(0, +)))
    }

    func testFramesThePortRefusesAreReleasedAndCounted() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool), output = MemoryPort(pool: pool)
        output.transmitCapacity = 5
        var nf = input.received().send(to: output)
        let sent = (0..<12).map { frames.udp([UInt8($0)]) }
        sent.forEach { input.write($0) }
        XCTAssertEqual(nf.runOnce(), 12, "the sink handled the whole batch")
        XCTAssertEqual(pool.inUse, 5, "refused frames went back at once")
        XCTAssertEqual(output.read(), Array(sent.prefix(5)))
        XCTAssertEqual(output.counters.txDropped, 7)
        XCTAssertEqual(output.counters.txPackets, 5)
    }
}
