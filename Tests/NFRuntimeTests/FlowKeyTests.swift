import NFRuntime
import XCTest

/// `FlowKey`: read from IPv4, IPv6 (past extension headers) and VLAN/QinQ-tagged frames; absent
/// for non-transport protocols, non-first fragments and cut frames; `canonical` and
/// `symmetricHash` are the same for both directions of a connection; `Packet.flowKey` reads it
/// whatever has been parsed.
final class FlowKeyTests: XCTestCase {
    func key(_ frame: [UInt8]) -> FlowKey? { frame.withUnsafeBytes { FlowKey(frame: $0) } }

    func testIPv4TCPAndUDP() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        XCTAssertEqual(key(frames.tcp(sourcePort: 1234, destinationPort: 80)),
                       FlowKey(source: Frames.client, destination: Frames.server, sourcePort: 1234, destinationPort: 80, protocolNumber: IPv4.tcp))
        XCTAssertEqual(key(frames.udp(sourcePort: 5000, destinationPort: 53)),
                       FlowKey(source: Frames.client, destination: Frames.server, sourcePort: 5000, destinationPort: 53, protocolNumber: IPv4.udp))
        XCTAssertEqual(FlowKey.mapped(IPv4Address(1, 2, 3, 4)), 0xFFFF_0102_0304, "IPv4-mapped ::ffff:1.2.3.4")
    }

    func testIPv6() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        XCTAssertEqual(key(frames.udp(sourcePort: 7, destinationPort: 8, ipv6: true)),
                       FlowKey(source: Frames.client6, destination: Frames.server6, sourcePort: 7, destinationPort: 8, protocolNumber: IPv4.udp))
    }

    func testIPv6PortsAreReadAfterExtensionHeaders() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        var frame = frames.udp(sourcePort: 7, destinationPort: 8, ipv6: true)
        frame.insert(contentsOf: [IPv4.udp, 0, 1, 4, 0, 0, 0, 0], at: 54) // hop-by-hop
        frame[20] = 0
        frame[19] += 8
        XCTAssertEqual(key(frame)?.sourcePort, 7)
        XCTAssertEqual(key(frame)?.destinationPort, 8)
        XCTAssertEqual(key(frame)?.protocolNumber, IPv4.udp)
    }

    func testTaggedFrames() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let untagged = key(frames.udp())
        let tagged = frames.udp(vlan: 100)
        XCTAssertEqual(key(tagged), untagged)
        var qinq = tagged
        qinq.insert(contentsOf: [0x88, 0xA8, 0x00, 0x05], at: 12) // outer S-tag, then the C-tag
        XCTAssertEqual(key(qinq), untagged)
        var threeTags = qinq
        threeTags.insert(contentsOf: [0x81, 0x00, 0x00, 0x06], at: 12)
        XCTAssertNil(key(threeTags), "at most two tags are followed")
    }

    func testFramesWithoutAKey() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        XCTAssertNil(key(Frames.arp))
        var icmp = frames.udp()
        icmp[23] = IPv4.icmp
        XCTAssertNil(key(icmp))
        var laterFragment = frames.udp()
        laterFragment[20] = 0x00
        laterFragment[21] = 0x10 // fragment offset 16 × 8 bytes
        XCTAssertNil(key(laterFragment), "a non-first fragment carries no ports")
        var firstFragment = frames.udp(sourcePort: 9)
        firstFragment[20] = 0x20 // more fragments, offset 0
        XCTAssertEqual(key(firstFragment)?.sourcePort, 9, "the first fragment has the ports")
        XCTAssertNil(key(Array(frames.udp().prefix(36))), "cut before the ports")
        XCTAssertNil(key(Array(frames.udp().prefix(13))))
    }

    func testBothDirectionsShareTheCanonicalKeyAndTheHash() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        var hashes = Set<UInt32>()
        for i in 0..<200 {
            let forward = key(frames.make([], Frames.template(source: IPv4Address(10, 0, UInt8(i / 100), UInt8(i % 100)),
                                                              sourcePort: UInt16(1024 + i), destinationPort: 443)))!
            let backward = key(frames.make([], Frames.template(source: IPv4Address(10, 0, UInt8(i / 100), UInt8(i % 100)),
                                                               sourcePort: UInt16(1024 + i), destinationPort: 443, response: true)))!
            XCTAssertEqual(backward, forward.reversed)
            XCTAssertEqual(forward.canonical.key, backward.canonical.key)
            XCTAssertNotEqual(forward.canonical.isReversed, backward.canonical.isReversed)
            XCTAssertEqual(forward.symmetricHash, backward.symmetricHash)
            hashes.insert(forward.symmetricHash)
        }
        XCTAssertEqual(hashes.count, 200, "different connections, different hashes")
    }

    func testCanonicalPutsTheLowerEndpointFirst() {
        let low = FlowKey(source: IPv4Address(1, 1, 1, 1), destination: IPv4Address(2, 2, 2, 2), sourcePort: 9, destinationPort: 1, protocolNumber: 6)
        XCTAssertEqual(low.canonical.key, low)
        XCTAssertFalse(low.canonical.isReversed)
        XCTAssertEqual(low.reversed.canonical.key, low)
        XCTAssertTrue(low.reversed.canonical.isReversed)
        let samePorts = FlowKey(source: IPv4Address(3, 3, 3, 3), destination: IPv4Address(3, 3, 3, 3), sourcePort: 80, destinationPort: 40000, protocolNumber: 6)
        XCTAssertFalse(samePorts.canonical.isReversed, "same address: the lower port first")
        XCTAssertTrue(samePorts.reversed.canonical.isReversed)
    }

    func testDescription() {
        XCTAssertEqual(FlowKey(source: IPv4Address(10, 0, 0, 1), destination: IPv4Address(10, 0, 0, 2), sourcePort: 1, destinationPort: 2,
                               protocolNumber: IPv4.tcp).description, "tcp 10.0.0.1:1 > 10.0.0.2:2")
        XCTAssertEqual(FlowKey(source: Frames.client6, destination: 1, sourcePort: 3, destinationPort: 4, protocolNumber: IPv4.udp).description,
                       "udp [2001:db8:0:0:0:0:0:1]:3 > [0:0:0:0:0:0:0:1]:4")
    }

    func testPacketFlowKeyIgnoresTheParsedStack() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let port = MemoryPort(pool: pool)
        var raw: [FlowKey?] = [], parsed: [FlowKey?] = []
        var nf = port.received().transform { raw.append($0.flowKey) }
            .parse(Ethernet.self).parse(VLAN.self).parse(IPv4.self).transform { parsed.append($0.flowKey) }
            .send(to: port)
        let frame = frames.udp(vlan: 3)
        port.write(frame)
        nf.drain(port)
        XCTAssertEqual(raw, [key(frame)])
        XCTAssertEqual(parsed, [key(frame)])
        XCTAssertNotNil(key(frame))
        XCTAssertEqual(port.read(), [frame])
    }
}
