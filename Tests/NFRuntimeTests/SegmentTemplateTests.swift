import NFRuntime
import XCTest

/// `SegmentTemplate`: header length per layer choice, and `reversed` swapping MACs, addresses and
/// ports while keeping the VLAN and TTL and taking the other direction's transport state.
final class SegmentTemplateTests: XCTestCase {
    func testHeaderLengthPerLayers() {
        XCTAssertEqual(Frames.template().headerLength, 54)
        XCTAssertEqual(Frames.template(tcp: false).headerLength, 42)
        XCTAssertEqual(Frames.template(ipv6: true).headerLength, 74)
        XCTAssertEqual(Frames.template(tcp: false, ipv6: true, vlan: 1).headerLength, 66)
        XCTAssertTrue(Frames.template(ipv6: true).isIPv6)
        XCTAssertFalse(Frames.template(tcp: false).isTCP)
    }

    func testReversedSwapsEndpoints() {
        let forward = Frames.template(tcp: true, vlan: 9, sourcePort: 1000, destinationPort: 2000, sequence: 5, ttl: 7)
        let transport = SegmentTemplate.Transport.tcp(sequence: 42, acknowledgment: 6, flags: [.ack], window: 10)
        let back = forward.reversed(transport: transport)
        XCTAssertEqual(back.sourceMAC, Frames.serverMAC)
        XCTAssertEqual(back.destinationMAC, Frames.clientMAC)
        XCTAssertEqual(back.network, .ipv4(source: Frames.server, destination: Frames.client))
        XCTAssertEqual([back.sourcePort, back.destinationPort], [2000, 1000])
        XCTAssertEqual(back.vlanID, 9)
        XCTAssertEqual(back.ttl, 7)
        XCTAssertEqual(back.transport, transport)
        XCTAssertEqual(back.reversed(transport: forward.transport), forward, "reversing twice is the identity")
        XCTAssertEqual(Frames.template(ipv6: true).reversed(transport: .udp).network,
                       .ipv6(source: Frames.server6, destination: Frames.client6))
    }
}
