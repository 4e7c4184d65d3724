import NFRuntime
import XCTest

/// `parse`: the typed stack Ethernet → VLAN → IPv4/IPv6 → TCP/UDP puts each header at the right
/// offset; a packet whose lower header does not announce the next one, or whose header is
/// malformed or cut short, is dropped and counted in `mismatched` of the stage that refused it;
/// IPv6 extension headers are skipped; Ethernet padding does not disturb parsing.
final class ParseTests: XCTestCase {
    var pool: MemoryPool!
    var frames: Frames!

    override func setUp() {
        pool = makeCheckedPool()
        frames = Frames(pool: pool)
    }

    override func tearDown() {
        frames = nil
        pool = nil
    }

    func testEthernetIPv4TCPFieldsAndOffsets() {
        let port = MemoryPort(pool: pool)
        var seen: [(src: UInt16, dst: UInt16, seq: UInt32, ip: Int, tcp: Int, payload: [UInt8], ttl: UInt8, mac: MACAddress)] = []
        var nf = port.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).transform { p in
            seen.append((p.header.sourcePort, p.header.destinationPort, p.header.sequenceNumber, p.lower.headerOffset,
                         p.headerOffset, Array(p.payload), p.lower.header.ttl, p.lower.lower.header.source))
        }.send(to: port)
        let frame = frames.tcp(Array("hello".utf8), seq: 77, sourcePort: 1234, destinationPort: 8080)
        port.write(frame)
        nf.drain(port)
        XCTAssertEqual(seen.count, 1)
        XCTAssertEqual(seen.first?.src, 1234)
        XCTAssertEqual(seen.first?.dst, 8080)
        XCTAssertEqual(seen.first?.seq, 77)
        XCTAssertEqual(seen.first?.ip, 14)
        XCTAssertEqual(seen.first?.tcp, 34)
        XCTAssertEqual(seen.first?.payload, Array("hello".utf8))
        XCTAssertEqual(seen.first?.ttl, 64)
        XCTAssertEqual(seen.first?.mac, Frames.clientMAC)
        XCTAssertEqual(port.read(), [frame], "parsing does not change the frame")
    }

    func testTransportParseKeepsOnlyWhatTheNetworkHeaderAnnounces() {
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self).send(to: port)
        let udp = frames.udp([9, 9], sourcePort: 1, destinationPort: 2)
        port.write(frames.tcp([1]))
        port.write(udp)
        port.write(frames.tcp([2]))
        nf.drain(port)
        XCTAssertEqual(port.read(), [udp])
        XCTAssertEqual(nf.parent.mismatched, 2, "TCP refused by parse(UDP)")
        XCTAssertEqual(nf.parent.parent.mismatched, 0)
    }

    func testNetworkParseRefusesOtherEtherTypes() {
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).parse(IPv4.self).send(to: port)
        port.write(Frames.arp)
        port.write(frames.udp(ipv6: true))
        port.write(frames.udp(vlan: 7))
        nf.drain(port)
        XCTAssertTrue(port.read().isEmpty)
        XCTAssertEqual(nf.parent.mismatched, 3, "ARP, IPv6 and a tagged frame are not IPv4 on Ethernet")
    }

    func testVLANTaggedStack() {
        let port = MemoryPort(pool: pool)
        var seen: [(vlan: UInt16, udp: Int, dst: UInt16)] = []
        var nf = port.parse(Ethernet.self).parse(VLAN.self).parse(IPv4.self).parse(UDP.self).transform { p in
            seen.append((p.lower.lower.header.vlanID, p.headerOffset, p.header.destinationPort))
        }.send(to: port)
        let tagged = frames.udp(destinationPort: 4789, vlan: 42)
        port.write(tagged)
        port.write(frames.udp())
        nf.drain(port)
        XCTAssertEqual(port.read(), [tagged])
        XCTAssertEqual(seen.count, 1)
        XCTAssertEqual(seen.first?.vlan, 42)
        XCTAssertEqual(seen.first?.udp, 38, "UDP after 14 + 4 + 20 bytes")
        XCTAssertEqual(seen.first?.dst, 4789)
        XCTAssertEqual(nf.parent.parent.parent.parent.mismatched, 1, "the untagged frame has no VLAN tag")
    }

    func testIPv6UDPStack() {
        let port = MemoryPort(pool: pool)
        var seen: [(udp: Int, src: UInt128, payload: [UInt8])] = []
        var nf = port.parse(Ethernet.self).parse(IPv6.self).parse(UDP.self).transform { p in
            seen.append((p.headerOffset, p.lower.header.sourceKey, Array(p.payload)))
        }.send(to: port)
        port.write(frames.udp([5, 6, 7], ipv6: true))
        nf.drain(port)
        XCTAssertEqual(seen.count, 1)
        XCTAssertEqual(seen.first?.udp, 54)
        XCTAssertEqual(seen.first?.src, Frames.client6)
        XCTAssertEqual(seen.first?.payload, [5, 6, 7])
        XCTAssertEqual(port.read().count, 1)
    }

    /// An IPv6 UDP frame with extension headers inserted before the UDP header. Each is given
    /// as its type and its bytes after the Next Header byte, which this fills in.
    func ipv6(withExtensions extensions: [(kind: UInt8, rest: [UInt8])]) -> [UInt8] {
        var frame = frames.udp([1, 2, 3, 4], ipv6: true)
        var chain: [UInt8] = []
        for (i, ext) in extensions.enumerated() {
            chain += [i + 1 < extensions.count ? extensions[i + 1].kind : IPv4.udp] + ext.rest
        }
        frame.insert(contentsOf: chain, at: 54)
        frame[20] = extensions[0].kind
        let payloadLength = (Int(frame[18]) << 8 | Int(frame[19])) + chain.count
        frame[18] = UInt8(payloadLength >> 8)
        frame[19] = UInt8(payloadLength & 0xFF)
        return frame
    }

    static let hopByHop: (kind: UInt8, rest: [UInt8]) = (0, [0, 1, 4, 0, 0, 0, 0])            // 8 bytes, PadN
    static let routing: (kind: UInt8, rest: [UInt8]) = (43, [1] + [UInt8](repeating: 0, count: 14)) // 16 bytes
    static let destination: (kind: UInt8, rest: [UInt8]) = (60, [0, 1, 4, 0, 0, 0, 0])
    static let fragment: (kind: UInt8, rest: [UInt8]) = (44, [0, 0, 1, 0, 0, 0, 1])

    func testIPv6ExtensionHeadersAreSkipped() {
        let port = MemoryPort(pool: pool)
        var seen: [(ipLength: Int, udp: Int, payload: [UInt8])] = []
        var nf = port.parse(Ethernet.self).parse(IPv6.self).parse(UDP.self).transform { p in
            seen.append((p.lower.header.length, p.headerOffset, Array(p.payload)))
        }.send(to: port)
        port.write(ipv6(withExtensions: [ParseTests.hopByHop]))
        port.write(ipv6(withExtensions: [ParseTests.hopByHop, ParseTests.routing, ParseTests.destination]))
        nf.drain(port)
        XCTAssertEqual(seen.map(\.ipLength), [48, 72], "IPv6 length includes its extension headers")
        XCTAssertEqual(seen.map(\.udp), [62, 86])
        XCTAssertEqual(seen.map(\.payload), [[1, 2, 3, 4], [1, 2, 3, 4]])
        XCTAssertEqual(port.read().count, 2)
    }

    func testIPv6FragmentParsesAsIPv6ButNotAsTransport() {
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).parse(IPv6.self).parse(UDP.self).send(to: port)
        port.write(ipv6(withExtensions: [ParseTests.fragment]))
        nf.drain(port)
        XCTAssertTrue(port.read().isEmpty)
        XCTAssertEqual(nf.parent.mismatched, 1, "a fragment has no whole UDP header")
        XCTAssertEqual(nf.parent.parent.mismatched, 0, "but it is valid IPv6")
    }

    func testIPv6FragmentAfterAnotherExtensionHeaderIsStillValidIPv6() {
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).parse(IPv6.self).parse(UDP.self).send(to: port)
        port.write(ipv6(withExtensions: [ParseTests.hopByHop, ParseTests.fragment]))
        nf.drain(port)
        XCTAssertTrue(port.read().isEmpty)
        XCTAssertEqual(nf.parent.mismatched, 1, "no whole UDP header behind the fragment header")
        XCTAssertEqual(nf.parent.parent.mismatched, 0, "the chain hop-by-hop → fragment is valid IPv6")
    }

    func testIPv4LaterFragmentsAreNotParsedAsTransportButFirstFragmentsAre() {
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self).send(to: port)
        var first = frames.udp([1, 2, 3, 4])
        first[Frames.ip + 6] = 0x20 // more fragments, offset 0: carries the UDP header
        Frames.fixIPv4Checksum(&first)
        var later = frames.udp([1, 2, 3, 4])
        later[Frames.ip + 7] = 0x10 // offset 16 × 8 bytes: its bytes are not a UDP header
        Frames.fixIPv4Checksum(&later)
        port.write(first)
        port.write(later)
        nf.drain(port)
        XCTAssertEqual(port.read(), [first])
        XCTAssertEqual(nf.parent.mismatched, 1, "the later fragment is dropped at parse(UDP)")
        XCTAssertEqual(nf.parent.parent.mismatched, 0, "both are valid IPv4")
    }

    func testIPv6ExtensionChainBeyondThePayloadIsMalformed() {
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).parse(IPv6.self).send(to: port)
        var frame = ipv6(withExtensions: [ParseTests.hopByHop])
        frame[55] = 200 // hop-by-hop length: 1608 bytes
        port.write(frame)
        var badVersion = frames.udp(ipv6: true)
        badVersion[14] = 0x40
        port.write(badVersion)
        var longPayload = frames.udp(ipv6: true)
        longPayload[19] += 1 // payload length one past the frame
        port.write(longPayload)
        nf.drain(port)
        XCTAssertTrue(port.read().isEmpty)
        XCTAssertEqual(nf.parent.mismatched, 3)
    }

    func testMalformedIPv4IsDroppedAndCounted() {
        let good = frames.udp()
        var cases: [String: [UInt8]] = [:]
        var ihlTooSmall = good
        ihlTooSmall[14] = 0x44
        cases["IHL 4"] = ihlTooSmall
        var ihlBeyondFrame = good
        ihlBeyondFrame[14] = 0x4F
        cases["IHL 15 past a 46-byte frame"] = Array(ihlBeyondFrame.prefix(14 + 40))
        var totalBeyondFrame = good
        totalBeyondFrame[17] += 1
        cases["total length past the frame"] = totalBeyondFrame
        var totalBelowHeader = good
        totalBelowHeader[16] = 0
        totalBelowHeader[17] = 19
        cases["total length under the header"] = totalBelowHeader
        var version6 = good
        version6[14] = 0x65
        cases["version 6 under ethertype IPv4"] = version6
        cases["cut inside the header"] = Array(good.prefix(30))
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).parse(IPv4.self).send(to: port)
        for (_, frame) in cases.sorted(by: { $0.key < $1.key }) { port.write(frame) }
        port.write(good)
        nf.drain(port)
        XCTAssertEqual(port.read(), [good])
        XCTAssertEqual(nf.parent.mismatched, UInt64(cases.count))
    }

    func testMalformedTransportHeadersAreDroppedAndCounted() {
        var tcpOffsetTooSmall = frames.tcp([1, 2, 3])
        tcpOffsetTooSmall[46] = 0x40
        var tcpOffsetBeyondFrame = frames.tcp([1, 2, 3])
        tcpOffsetBeyondFrame[46] = 0xF0
        let tcpPort = MemoryPort(pool: pool)
        var tcp = tcpPort.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).send(to: tcpPort)
        tcpPort.write(tcpOffsetTooSmall)
        tcpPort.write(tcpOffsetBeyondFrame)
        tcp.drain(tcpPort)
        XCTAssertTrue(tcpPort.read().isEmpty)
        XCTAssertEqual(tcp.parent.mismatched, 2)

        var udpLengthTooSmall = frames.udp()
        udpLengthTooSmall[38] = 0
        udpLengthTooSmall[39] = 7
        var udpLengthBeyondFrame = frames.udp()
        udpLengthBeyondFrame[39] += 1
        let udpPort = MemoryPort(pool: pool)
        var udp = udpPort.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self).send(to: udpPort)
        udpPort.write(udpLengthTooSmall)
        udpPort.write(udpLengthBeyondFrame)
        udp.drain(udpPort)
        XCTAssertTrue(udpPort.read().isEmpty)
        XCTAssertEqual(udp.parent.mismatched, 2)
    }

    func testTruncatedFramesAreDroppedAtTheFirstHeaderThatDoesNotFit() {
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).send(to: port)
        let whole = frames.tcp([1, 2, 3, 4])
        port.write(Array(whole.prefix(13)))
        port.write([])
        port.write(Array(whole.prefix(33)))
        port.write(Array(whole.prefix(53)))
        var cutInTCP = Array(whole.prefix(49))
        cutInTCP[16] = 0
        cutInTCP[17] = 35 // an IPv4 total length that matches the cut frame
        port.write(cutInTCP)
        nf.drain(port)
        XCTAssertTrue(port.read().isEmpty)
        XCTAssertEqual(nf.parent.parent.parent.mismatched, 2, "shorter than an Ethernet header")
        XCTAssertEqual(nf.parent.parent.mismatched, 2, "cut inside IPv4, or before the end its total length claims")
        XCTAssertEqual(nf.parent.mismatched, 1, "15 bytes left for a 20-byte TCP header")
    }

    func testEthernetPaddingIsAccepted() {
        // A 4-byte UDP payload makes a 46-byte frame; Ethernet pads it to 60.
        let unpadded = frames.udp([1, 2, 3, 4])
        let padded = unpadded + [UInt8](repeating: 0, count: 60 - unpadded.count)
        let port = MemoryPort(pool: pool)
        var lengths: [(frame: Int, datagram: Int, udp: UInt16)] = []
        var nf = port.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self).transform { p in
            lengths.append((p.length, p.lower.header.datagramLength, p.header.datagramLength))
        }.send(to: port)
        port.write(padded)
        nf.drain(port)
        XCTAssertEqual(port.read(), [padded])
        XCTAssertEqual(lengths.first?.frame, 60)
        XCTAssertEqual(lengths.first?.datagram, 32, "the IPv4 total length, not the frame, bounds the datagram")
        XCTAssertEqual(lengths.first?.udp, 12)
    }
}
