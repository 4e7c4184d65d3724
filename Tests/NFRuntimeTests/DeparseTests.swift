import NFRuntime
import XCTest

/// `deparse`: pops exactly one header, so the layer below is the top again (its header, offset
/// and payload), and the popped header can be parsed again; frames pass unchanged.
final class DeparseTests: XCTestCase {
    func testPopsOneLayerAndAllowsParsingAgain() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let port = MemoryPort(pool: pool)
        var afterOnePop: [(offset: Int, payloadOffset: Int, ttl: UInt8)] = []
        var reparsed: [UInt16] = []
        var nf = port.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self)
            .deparse()
            .transform { p in afterOnePop.append((p.headerOffset, p.payloadOffset, p.header.ttl)) }
            .parse(UDP.self)
            .transform { p in reparsed.append(p.header.destinationPort) }
            .deparse()
            .transform { p in p.header.ttl -= 1 }
            .send(to: port)
        let frame = frames.udp(destinationPort: 5353)
        port.write(frame)
        nf.drain(port)
        XCTAssertEqual(afterOnePop.first?.offset, 14, "IPv4 is the top again")
        XCTAssertEqual(afterOnePop.first?.payloadOffset, 34, "its payload starts at the popped UDP header")
        XCTAssertEqual(afterOnePop.first?.ttl, 64)
        XCTAssertEqual(reparsed, [5353])
        var expected = frame
        expected[22] -= 1
        XCTAssertEqual(port.read(), [expected], "the second pop leaves IPv4 on top again; only the TTL changed")
    }

    func testDeparseToTheRawFrame() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let port = MemoryPort(pool: pool)
        var offsets: [Int] = []
        var nf = port.parse(Ethernet.self).deparse().transform { p in offsets.append(p.payloadOffset) }
            .parse(Ethernet.self).send(to: port)
        port.write(frames.tcp())
        nf.drain(port)
        XCTAssertEqual(offsets, [0], "with no headers parsed the whole frame is payload")
        XCTAssertEqual(port.read().count, 1)
    }
}
