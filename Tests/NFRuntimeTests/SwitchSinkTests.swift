import NFRuntime
import XCTest

/// `SwitchSink` (`switchOut(to:)`): unicast to the port `outputPort` names, flood to every port
/// but the input one by reference counting (one buffer, no copy, back in the pool after the last
/// port lets go), and `noPort` or unknown ports dropped and counted in `unrouted`.
final class SwitchSinkTests: XCTestCase {
    /// Three switch ports on one pool; frames enter on port 0, and the UDP destination port says
    /// where each goes (`PacketMetadata.flood` and `.noPort` included).
    func makeSwitch(_ pool: MemoryPool) -> (ports: [MemoryPort], sink: SwitchSink<Transform<Parse<Parse<Parse<Receive<MemoryPort>, Ethernet>, IPv4>, UDP>>, MemoryPort>) {
        let ports = (0..<3).map { MemoryPort(index: UInt16($0), pool: pool) }
        let sink = ports[0].parse(Ethernet.self).parse(IPv4.self).parse(UDP.self)
            .transform { $0.metadata.outputPort = $0.header.destinationPort }
            .switchOut(to: ports)
        return (ports, sink)
    }

    func testUnicastGoesToTheNamedPortOnly() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        var (ports, sink) = makeSwitch(pool)
        let toTwo = (0..<3).map { frames.udp([UInt8($0)], destinationPort: 2) }
        let toOne = frames.udp([9], destinationPort: 1)
        let toZero = frames.udp([8], destinationPort: 0)
        for f in [toTwo[0], toOne, toTwo[1], toZero, toTwo[2]] { ports[0].write(f) }
        XCTAssertEqual(sink.runOnce(), 5)
        XCTAssertEqual(ports[2].read(), toTwo, "in order")
        XCTAssertEqual(ports[1].read(), [toOne])
        XCTAssertEqual(ports[0].read(), [toZero], "an explicit output port may be the input port")
        XCTAssertEqual(sink.unrouted, 0)
    }

    func testFloodSharesOneBufferAmongAllPortsButTheInput() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        var (ports, sink) = makeSwitch(pool)
        let flood = frames.udp([7], destinationPort: PacketMetadata.flood)
        ports[0].write(flood)
        XCTAssertEqual(sink.runOnce(), 1)
        XCTAssertEqual(pool.inUse, 1, "two ports hold the same buffer")
        XCTAssertTrue(ports[0].read().isEmpty, "not back out of the input port")
        XCTAssertEqual(ports[1].read(), [flood])
        XCTAssertEqual(pool.inUse, 1, "port 2 still holds a reference")
        XCTAssertEqual(ports[2].read(), [flood])
        XCTAssertEqual(pool.inUse, 0)
        XCTAssertEqual(sink.unrouted, 0)
    }

    func testUnicastAndFloodedFramesToAPortKeepTheirArrivalOrder() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        var (ports, sink) = makeSwitch(pool)
        let sequence = [frames.udp([1], destinationPort: PacketMetadata.flood), frames.udp([2], destinationPort: 1),
                        frames.udp([3], destinationPort: PacketMetadata.flood), frames.udp([4], destinationPort: 1)]
        for f in sequence { ports[0].write(f) }
        XCTAssertEqual(sink.runOnce(), 4)
        XCTAssertEqual(ports[1].read(), sequence, "port 1 gets floods and unicasts interleaved as they arrived")
        XCTAssertEqual(ports[2].read(), [sequence[0], sequence[2]])
    }

    func testMixedBatchOfUnicastFloodAndUnroutable() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        var (ports, sink) = makeSwitch(pool)
        let flood = (0..<2).map { frames.udp([UInt8($0)], destinationPort: PacketMetadata.flood) }
        let unicast = frames.udp([5], destinationPort: 1)
        let noPort = frames.udp([6], destinationPort: PacketMetadata.noPort)
        let unknown = frames.udp([7], destinationPort: 3)
        for f in [flood[0], noPort, unicast, unknown, flood[1]] { ports[0].write(f) }
        XCTAssertEqual(sink.runOnce(), 5)
        XCTAssertEqual(pool.inUse, 3, "two flooded buffers and one unicast; the unroutable were released")
        let toOne = ports[1].read()
        XCTAssertEqual(toOne.count, 3)
        XCTAssertEqual(toOne.filter { $0 != unicast }, flood, "both flooded frames, in order")
        XCTAssertTrue(toOne.contains(unicast))
        XCTAssertEqual(ports[2].read(), flood)
        XCTAssertTrue(ports[0].read().isEmpty)
        XCTAssertEqual(sink.unrouted, 2, "noPort and port 3 of 3")
    }
}
