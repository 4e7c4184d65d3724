import NFRuntime
import XCTest

/// `transform`: a UDF edits headers in place (TTL with an incremental checksum, addresses with
/// recomputed checksums), grows or shrinks the payload within the buffer, and sets metadata that
/// later operators see — on every packet, in order.
final class TransformTests: XCTestCase {
    func testDecrementTTLPatchesTheChecksumAsAFullRecomputeWould() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let port = MemoryPort(pool: pool)
        var nf = port.parse(Ethernet.self).parse(IPv4.self).transform { $0.header.decrementTTL() }.send(to: port)
        var sent: [[UInt8]] = []
        for ttl: UInt8 in [1, 2, 64, 128, 255] {
            for source in [IPv4Address(10, 0, 0, 1), IPv4Address(192, 168, 255, 254), IPv4Address(255, 255, 255, 255)] {
                sent.append(frames.make([0xEE], Frames.template(tcp: false, source: source, ttl: ttl)))
            }
        }
        sent.forEach { port.write($0) }
        nf.drain(port)
        let received = port.read()
        XCTAssertEqual(received.count, sent.count)
        for (input, output) in zip(sent, received) {
            var expected = input
            expected[22] -= 1
            Frames.fixIPv4Checksum(&expected)
            XCTAssertEqual(output, expected, "TTL \(input[22]): only TTL and checksum change")
            XCTAssertTrue(ReferenceChecksum.ipv4HeaderVerifies(output, ip: 14))
        }
    }

    func testRewritingAddressesWithRecomputedChecksums() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let port = MemoryPort(pool: pool)
        let natAddress = IPv4Address(203, 0, 113, 7)
        var nf = port.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).transform { p in
            let ip = p.lower.header
            ip.source = natAddress
            ip.updateChecksum()
            p.header.sourcePort = 61000
            p.header.updateChecksum(network: ip, payloadLength: p.payload.count)
        }.send(to: port)
        port.write(frames.tcp(Array("payload".utf8), seq: 5))
        nf.drain(port)
        let output = port.read()
        XCTAssertEqual(output.count, 1)
        XCTAssertEqual(output.first, frames.make(Array("payload".utf8), Frames.template(source: natAddress, sourcePort: 61000, sequence: 5)),
                       "same bytes Packetizer makes for the rewritten connection")
        XCTAssertTrue(ReferenceChecksum.ipv4HeaderVerifies(output[0], ip: 14))
        XCTAssertTrue(ReferenceChecksum.transportVerifies(output[0], ip: 14))
    }

    func testGrowingAndShrinkingThePayload() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let port = MemoryPort(pool: pool)
        let suffix = Array("WXYZ".utf8)
        var nf = port.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self).transform { p in
            let grow = p.header.destinationPort == 1
            let oldLength = p.payload.count
            XCTAssertTrue(p.resizePayload(by: grow ? suffix.count : -2))
            if grow { UnsafeMutableRawBufferPointer(rebasing: p.payload[oldLength...]).copyBytes(from: suffix) }
            let ip = p.lower.header
            p.header.datagramLength = UInt16(8 + p.payload.count)
            ip.totalLength = UInt16(20 + 8 + p.payload.count)
            ip.updateChecksum()
            p.header.updateChecksum(network: ip)
        }.send(to: port)
        port.write(frames.udp([1, 2, 3], destinationPort: 1))
        port.write(frames.udp([1, 2, 3, 4, 5, 6], destinationPort: 2))
        nf.drain(port)
        XCTAssertEqual(port.read(), [frames.udp([1, 2, 3] + suffix, destinationPort: 1), frames.udp([1, 2, 3, 4], destinationPort: 2)])
    }

    func testResizeBeyondTheBufferIsRefusedAndChangesNothing() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let port = MemoryPort(pool: pool)
        var results: [Bool] = []
        var nf = port.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self).transform { p in
            results.append(p.resizePayload(by: 2048))
            results.append(p.resizePayload(by: -(p.payload.count + 1)))
        }.send(to: port)
        let frame = frames.udp([1, 2, 3])
        port.write(frame)
        nf.drain(port)
        XCTAssertEqual(results, [false, false])
        XCTAssertEqual(port.read(), [frame])
    }

    func testMetadataWrittenByAUDFReachesLaterOperators() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let port = MemoryPort(pool: pool)
        var seen: [UInt64] = []
        var nf = port.parse(Ethernet.self)
            .transform { $0.metadata.userTag = UInt64($0.frame[$0.length - 1]) * 10 }
            .transform { seen.append($0.metadata.userTag) }
            .send(to: port)
        for i: UInt8 in 1...40 { port.write(frames.udp([i])) }
        nf.drain(port)
        XCTAssertEqual(seen, (1...40).map { UInt64($0) * 10 }, "every packet, in order, across two batches")
        XCTAssertEqual(port.read().count, 40)
    }
}
