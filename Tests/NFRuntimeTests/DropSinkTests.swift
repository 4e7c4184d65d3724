import NFRuntime
import XCTest

/// `DropSink` (`drop()`): the explicit drop edge releases every packet it pulls and counts them.
final class DropSinkTests: XCTestCase {
    func testReleasesAndCountsEveryPacket() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).parse(IPv4.self).drop()
        port.write(Frames.arp)
        for _ in 0..<40 { port.write(frames.udp()) }
        XCTAssertEqual(nf.runOnce(), 31, "the ARP frame was refused by parse, not dropped by the sink")
        XCTAssertEqual(pool.inUse, 41 - 32)
        XCTAssertEqual(nf.runOnce(), 9)
        XCTAssertEqual(nf.runOnce(), 0)
        XCTAssertEqual(nf.dropped, 40)
        XCTAssertEqual(nf.parent.mismatched, 1)
    }
}
